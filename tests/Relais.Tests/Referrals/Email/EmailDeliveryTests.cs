using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Referrals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Email;
using Relais.Infrastructure.Security;
using Relais.Tests.Administration;
using Relais.Tests.Infrastructure;
using Relais.Tests.Referrals.Partner;

namespace Relais.Tests.Referrals.Email;

/// <summary>
/// SMTP configured by the organisation: the settings page (password encrypted, never shown back), the test message and
/// the outbox delivery, each against a real SMTP conversation with <see cref="SmtpTestServer"/> (plain TCP here; STARTTLS
/// and TLS-on-connect are in <see cref="SmtpTlsTests"/>).
/// </summary>
public sealed class EmailDeliveryTests
{
    private const string Page = "/Admin/Email";
    private const string Secret = "S3cret-smtp-Ø";

    private static Dictionary<string, string> Settings(int port, string? password = Secret, string user = "relais@bailleur.test") => new()
    {
        ["Input.Host"] = "127.0.0.1",
        ["Input.Port"] = port.ToString(),
        ["Input.Security"] = nameof(SmtpSecurity.None),
        ["Input.UserName"] = user,
        ["Input.Password"] = password ?? "",
        ["Input.FromAddress"] = "ne-pas-repondre@bailleur.test",
        ["Input.FromName"] = "Habitat Seine",
        ["Input.Version"] = "0",
    };

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Settings_keep_the_password_encrypted_never_show_it_and_validate_in_french(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);

        var invalid = (await (await admin.PostFormAsync(Page, new()
        {
            ["Input.Host"] = "smtp://mail.bailleur.test", ["Input.Port"] = "99999", ["Input.Security"] = "StartTls",
            ["Input.UserName"] = "relais", ["Input.FromAddress"] = "pas une adresse", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("Le serveur doit être un nom d’hôte", invalid.QuerySelector("#smtp-host-err")?.TextContent);
        Assert.StartsWith("Le port doit être un nombre entre 1 et 65535", invalid.QuerySelector("#smtp-port-err")?.TextContent);
        Assert.Equal("L’adresse d’expédition n’est pas une adresse électronique valide.", invalid.QuerySelector("#smtp-from-err")?.TextContent);
        Assert.Equal("Indiquez le mot de passe de ce compte SMTP.", invalid.QuerySelector("#smtp-password-err")?.TextContent);
        Assert.Equal("true", invalid.QuerySelector("#smtp-port")?.GetAttribute("aria-invalid"));

        await (await admin.PostFormAsync(Page, Settings(2525))).ShouldBe(HttpStatusCode.Redirect);
        var stored = await SettingsAsync(world);
        Assert.Equal("127.0.0.1", stored.Host);
        Assert.Equal(2525, stored.Port);
        Assert.NotNull(stored.ProtectedPassword);
        Assert.DoesNotContain(Secret, stored.ProtectedPassword);
        var protector = world.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Relais.Email.SmtpPassword.v1");
        Assert.Equal(Secret, protector.Unprotect(stored.ProtectedPassword!));

        var body = await (await admin.GetAsync(Page)).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(Secret, body);
        Assert.DoesNotContain(stored.ProtectedPassword!, body);
        var page = body.Html();
        Assert.Null(page.QuerySelector("#smtp-password")!.GetAttribute("value"));
        Assert.Contains("laissez vide pour le conserver", page.QuerySelector("#smtp-password-hint")!.TextContent);

        // Empty password: kept. Another port: saved.
        var keep = Settings(2526, password: null);
        keep["Input.Version"] = stored.Version.ToString();
        await (await admin.PostFormAsync(Page, keep)).ShouldBe(HttpStatusCode.Redirect);
        var kept = await SettingsAsync(world);
        Assert.Equal(2526, kept.Port);
        Assert.Equal(Secret, protector.Unprotect(kept.ProtectedPassword!));

        // A stale version: conflict shown, input kept.
        var stale = Settings(2527, password: null);
        var conflict = (await (await admin.PostFormAsync(Page, stale)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(conflict.QuerySelector("#conflit"));
        Assert.Equal("2527", conflict.QuerySelector("#smtp-port")?.GetAttribute("value"));
        Assert.Equal(2526, (await SettingsAsync(world)).Port);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == nameof(EmailSettings) && e.Action == "update" && e.Details!.Contains("Port")));
            Assert.False(await db.AuditEntries.AnyAsync(e => e.EntityType == nameof(EmailSettings) && e.Details!.Contains(Secret)));
        }

        foreach (var role in new[] { Role.Manager, Role.SocialWorker, Role.Partner })
        {
            await (await (await world.LoginAsync(role)).GetAsync(Page)).ShouldBe(HttpStatusCode.Forbidden);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Test_message_goes_through_a_real_smtp_conversation_with_auth_login(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await using var server = new SmtpTestServer(user: "relais@bailleur.test", password: Secret, mechanisms: "LOGIN");
        var admin = await world.LoginAsync(Role.Administrator);
        await (await admin.PostFormAsync(Page, Settings(server.Port))).ShouldBe(HttpStatusCode.Redirect);

        var result = (await (await admin.PostFormAsync($"{Page}?handler=Test", new() { ["TestTo"] = "essai@bailleur.test" }, Page))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("Le message d’essai a été accepté par 127.0.0.1", result.QuerySelector("#resultat-essai")?.TextContent);
        var received = Assert.Single(server.Messages);
        Assert.Equal("relais@bailleur.test", received.User);
        Assert.Equal("ne-pas-repondre@bailleur.test", received.From);
        Assert.Equal(["essai@bailleur.test"], received.To);
        Assert.Equal($"Message d’essai de Relais – {world.Organisation.Name}", received.Header("Subject"));
        Assert.Equal("\"Habitat Seine\" <ne-pas-repondre@bailleur.test>", received.Header("From"));
        Assert.Contains("pour vérifier le serveur d’envoi", received.Body);
        Assert.Contains(server.Commands, c => c == "AUTH LOGIN");

        // A wrong password: the failure is shown in French, nothing is sent.
        await using var strict = new SmtpTestServer(user: "relais@bailleur.test", password: "autre");
        var settings = Settings(strict.Port);
        settings["Input.Version"] = (await SettingsAsync(world)).Version.ToString();
        await (await admin.PostFormAsync(Page, settings)).ShouldBe(HttpStatusCode.Redirect);
        var failed = (await (await admin.PostFormAsync($"{Page}?handler=Test", new() { ["TestTo"] = "essai@bailleur.test" }, Page))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Le serveur SMTP a répondu 535", failed.QuerySelector("#resultat-essai")?.TextContent);
        Assert.Contains("identifiant ou mot de passe refusé", failed.QuerySelector("#resultat-essai")?.TextContent);
        Assert.Empty(strict.Messages);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_partners_answer_reaches_the_referrer_by_smtp_with_a_link_and_no_personal_data(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync();
        await using var server = new SmtpTestServer(mechanisms: "PLAIN");
        var admin = await world.LoginAsync(Role.Administrator);
        await (await admin.PostFormAsync(Page, Settings(server.Port))).ShouldBe(HttpStatusCode.Redirect);
        var before = AdminHelpers.OutboxFor(world.App, kit.Worker.Email!).Count;

        var partner = await world.LoginAsync(Role.Partner);
        var url = PartnerReferralKit.Url(referral.Id);
        await (await partner.PostFormAsync($"{url}?handler=Refuse", new() { ["Input.Reason"] = $"Complet {kit.Tag}", ["Input.Version"] = "0" }, url))
            .ShouldBe(HttpStatusCode.Redirect);

        var received = await server.WaitForMessageAsync();
        Assert.Equal([kit.Worker.Email!], received.To);
        Assert.Equal(kit.Worker.Email, received.Header("To"));
        Assert.Equal($"Orientation refusée par {kit.Structure.Name}", received.Header("Subject"));
        Assert.Contains($"/Referrals/{referral.Id}", received.Body);
        Assert.Contains(server.Commands, c => c.StartsWith("AUTH PLAIN ", StringComparison.Ordinal));
        foreach (var text in new[] { received.Data, received.Body })
        {
            Assert.DoesNotContain(world.NorthHolder.LastName, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(world.NorthHolder.FirstName, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(kit.Phone, text);
            Assert.DoesNotContain(kit.Tag + "@", text);
            Assert.DoesNotContain($"Complet {kit.Tag}", text);
        }

        // Not written as a file any more; the outbox row is marked sent and its text cleared.
        Assert.Equal(before, AdminHelpers.OutboxFor(world.App, kit.Worker.Email!).Count);
        var row = await WaitForAsync(world, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(1, row.Attempts);
        Assert.Equal("", row.Body);
        Assert.NotNull(row.SentAt);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_message_waits_while_the_server_is_down_and_is_delivered_when_it_is_back(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider, new()
        {
            ["Email:Smtp:RetrySeconds"] = "0.3", ["Email:Smtp:PollSeconds"] = "0.2", ["Email:Smtp:MaxAttempts"] = "50",
        });
        var world = await World.CreateAsync(app);
        var port = SmtpTestServer.FreePort();
        var admin = await world.LoginAsync(Role.Administrator);
        await (await admin.PostFormAsync(Page, Settings(port))).ShouldBe(HttpStatusCode.Redirect);

        var sender = app.Services.GetRequiredService<IEmailSender>();
        await sender.SendAsync(new EmailMessage("conseillere@bailleur.test", "Orientation acceptée par le CCAS", "Consultez : https://relais.test/Referrals/1")
        {
            OrganisationId = world.Id,
        });

        var failing = await WaitForAsync(world, m => m.Attempts >= 2);
        Assert.Equal(OutboxStatus.Pending, failing.Status);
        Assert.StartsWith($"Connexion impossible au serveur 127.0.0.1:{port}", failing.LastError);
        var status = (await (await admin.GetAsync(Page)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("1 en attente", status.QuerySelector("#file-envoi")?.TextContent);
        Assert.StartsWith("Connexion impossible", status.QuerySelector("#derniere-erreur")?.TextContent);

        await using var server = new SmtpTestServer(port, user: "relais@bailleur.test", password: Secret);
        var received = await server.WaitForMessageAsync();
        Assert.Equal("Orientation acceptée par le CCAS", received.Header("Subject"));
        Assert.Contains("https://relais.test/Referrals/1", received.Body);
        var sent = await WaitForAsync(world, m => m.Status == OutboxStatus.Sent);
        Assert.True(sent.Attempts >= 3);
        Assert.Null(sent.LastError);
        Assert.Single(server.Messages);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Without_smtp_messages_are_written_to_the_outbox_folder_and_not_queued(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider, new());
        var world = await World.CreateAsync(app);
        var sender = (OutboxEmailSender)app.Services.GetRequiredService<IEmailSender>();
        await sender.SendAsync(new EmailMessage("sans-smtp@bailleur.test", "Essai", "Texte") { OrganisationId = world.Id });
        Assert.Single(AdminHelpers.OutboxFor(app, "sans-smtp@bailleur.test"));
        await using var scope = app.SystemScope(world.Id, out var db);
        Assert.False(await db.OutboxEmails.AnyAsync());
    }

    private static async Task<EmailSettings> SettingsAsync(World world)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        return await db.EmailSettings.AsNoTracking().SingleAsync();
    }

    private static async Task<OutboxEmail> WaitForAsync(World world, Func<OutboxEmail, bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        OutboxEmail? last = null;
        while (DateTime.UtcNow < until)
        {
            await using (var scope = world.App.SystemScope(world.Id, out var db))
            {
                last = await db.OutboxEmails.AsNoTracking().SingleOrDefaultAsync();
            }

            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Outbox message never reached the expected state: {last?.Status} after {last?.Attempts} attempts ({last?.LastError}).");
    }
}
