using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Relais.Infrastructure.Email;

namespace Relais.Features.Users;

/// <summary>
/// Invitation links: an Identity password-reset token (<see cref="UserManager{TUser}.GeneratePasswordResetTokenAsync"/>)
/// made by <see cref="InvitationTokenProvider"/>, which is the password-reset provider of Relais. The token is
/// bound to the user's security stamp, so it works once: setting the password changes the stamp.
/// </summary>
public sealed class Invitations(UserManager<AppUser> users, IEmailSender email, IConfiguration config, IOptions<InvitationTokenProviderOptions> options)
{
    public const string Path = "/Account/AcceptInvitation";

    public TimeSpan Lifespan => options.Value.TokenLifespan;

    /// <summary>Generates a fresh link and e-mails it. The message carries the link and the organisation's name, nothing else about the person.</summary>
    public async Task SendAsync(AppUser user, string organisationName, HttpRequest request, CancellationToken ct)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{BaseUrl(request)}{Path}?user={user.Id}&token={Uri.EscapeDataString(token)}";
        var hours = (int)Math.Round(Lifespan.TotalHours);
        var body = $"""
            Bonjour,

            Un compte Relais vient d’être ouvert pour vous par l’administrateur de « {organisationName} ».
            Pour l’activer, choisissez votre mot de passe en ouvrant ce lien :

            {link}

            Ce lien est personnel, il ne sert qu’une fois et expire {hours} heures après l’envoi de ce message.
            Si vous n’attendiez pas ce message, ignorez-le : le compte restera inactif tant que le lien n’aura pas servi.

            — Relais
            """;
        await email.SendAsync(new EmailMessage(user.Email!, $"Votre accès à Relais – {organisationName}", body) { OrganisationId = user.OrganisationId }, ct);
    }

    /// <summary>
    /// The address of the application as users reach it. Set <c>Relais:PublicUrl</c> in production: the request's
    /// Host header is chosen by the client and must not decide where e-mailed links point.
    /// </summary>
    private string BaseUrl(HttpRequest request) =>
        config["Relais:PublicUrl"]?.TrimEnd('/') is { Length: > 0 } configured
            ? configured
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
}

public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public const string ProviderName = "RelaisInvitation";

    /// <summary>An invitation link never lives longer than this.</summary>
    public static readonly TimeSpan MaximumLifespan = TimeSpan.FromHours(72);

    public InvitationTokenProviderOptions()
    {
        Name = ProviderName;
        TokenLifespan = MaximumLifespan;
    }
}

/// <summary>
/// A data-protection token provider with its own purpose and lifespan (72 h at most, <c>Security:InvitationHours</c>),
/// so that invitation links do not change the lifespan of the other Identity tokens.
/// </summary>
public sealed class InvitationTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<InvitationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<AppUser>> logger)
    : DataProtectorTokenProvider<AppUser>(dataProtectionProvider, options, logger);

public static class AdministrationSetup
{
    /// <summary>User administration: invitations (e-mail outbox and token provider).</summary>
    public static IServiceCollection AddRelaisAdministration(this IServiceCollection services, IConfiguration config)
    {
        services.AddRelaisEmail();
        services.AddScoped<Invitations>();
        services.Configure<InvitationTokenProviderOptions>(o =>
        {
            var hours = Math.Clamp(config.GetValue("Security:InvitationHours", 72), 1, 72);
            o.TokenLifespan = TimeSpan.FromHours(hours);
        });
        services.AddTransient<InvitationTokenProvider>();
        services.Configure<IdentityOptions>(o =>
        {
            o.Tokens.ProviderMap[InvitationTokenProviderOptions.ProviderName] = new TokenProviderDescriptor(typeof(InvitationTokenProvider));
            o.Tokens.PasswordResetTokenProvider = InvitationTokenProviderOptions.ProviderName;
        });
        return services;
    }
}
