using Microsoft.EntityFrameworkCore;
using Relais.Features.Organisations;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Email;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Web;

namespace Relais.Features.Referrals;

/// <summary>
/// E-mails about referrals. A message carries the organisation's and the structure's names and a link to the referral
/// in Relais — never the person's name nor anything about them: whoever opens the link signs in and the server decides
/// what they may read.
/// </summary>
public sealed class ReferralNotifier(RelaisDbContext db, IEmailSender email, IConfiguration config, IHttpContextAccessor http)
{
    /// <summary>To the active Partenaire users of the structure (or, when it has none, the structure's own address).</summary>
    public async Task SentAsync(Referral referral, CancellationToken ct)
    {
        var partner = referral.PartnerOrganisationId;
        var organisationId = referral.OrganisationId;
        var structure = await db.PartnerOrganisations.Where(p => p.Id == partner).Select(p => new { p.Name, p.Email }).FirstAsync(ct);
        var recipients = await db.Users
            .Where(u => u.OrganisationId == organisationId && u.PartnerOrganisationId == partner && u.IsActive && u.Role == Role.Partner && u.Email != null)
            .Select(u => u.Email!).ToListAsync(ct);
        if (recipients.Count == 0 && !string.IsNullOrWhiteSpace(structure.Email))
        {
            recipients.Add(structure.Email);
        }

        var organisation = await OrganisationNameAsync(organisationId, ct);
        var link = Link($"/Partner/Referrals/{referral.Id}");
        foreach (var to in recipients.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            await email.SendAsync(new EmailMessage(to, $"Nouvelle orientation de {organisation}", $"""
                Bonjour,

                {organisation} vient d’adresser une orientation à « {structure.Name} » dans Relais.
                Pour la consulter et y répondre, connectez-vous :

                {link}

                Pour protéger les personnes, ce message ne contient aucune information les concernant.

                — Relais
                """) { OrganisationId = organisationId }, ct);
        }
    }

    /// <summary>To the referring worker, when the partner accepted, refused or reported the outcome.</summary>
    public async Task AnsweredAsync(Referral referral, CancellationToken ct)
    {
        if (referral.ReferrerUserId is not { } referrer)
        {
            return;
        }

        var organisationId = referral.OrganisationId;
        var to = await db.Users.Where(u => u.Id == referrer && u.OrganisationId == organisationId && u.IsActive && u.Email != null)
            .Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (to is null)
        {
            return;
        }

        var partner = referral.PartnerOrganisationId;
        var structure = await db.PartnerOrganisations.Where(p => p.Id == partner).Select(p => p.Name).FirstAsync(ct);
        var status = EnumLabels.Label(referral.Status).ToLowerInvariant();
        await email.SendAsync(new EmailMessage(to, $"Orientation {status} par {structure}", $"""
            Bonjour,

            « {structure} » a répondu à une de vos orientations : {status}.
            Consultez la réponse dans Relais :

            {Link($"/Referrals/{referral.Id}")}

            — Relais
            """) { OrganisationId = organisationId }, ct);
    }

    private Task<string> OrganisationNameAsync(Guid organisationId, CancellationToken ct) =>
        db.Set<Organisation>().Where(o => o.Id == organisationId).Select(o => o.Name).FirstAsync(ct);

    /// <summary>
    /// Links point to <c>Relais:PublicUrl</c> when set (production), else to the address of the current request.
    /// </summary>
    private string Link(string path)
    {
        var configured = config["Relais:PublicUrl"]?.TrimEnd('/');
        if (configured is { Length: > 0 })
        {
            return configured + path;
        }

        var request = http.HttpContext?.Request;
        return request is null ? path : $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
    }
}

public static class ReferralSetup
{
    public static IServiceCollection AddRelaisReferrals(this IServiceCollection services)
    {
        services.AddScoped<ReferralAccess>();
        services.AddScoped<ReferralNotifier>();
        return services;
    }
}
