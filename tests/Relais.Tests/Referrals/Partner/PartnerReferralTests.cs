using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Partners.DataInclusion;
using Relais.Features.Referrals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Administration;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Partner;

/// <summary>The Partenaire's inbox and referral page: what they see, what they never see, their answers.</summary>
public sealed class PartnerReferralTests
{
    private const string Inbox = "/Partner/Referrals";

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Inbox_lists_the_structures_sent_referrals_newest_first_by_status_naming_the_person_only_when_shared(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var older = await kit.ReferAsync(daysAgo: 5, sharesPersonalData: false);
        var newer = await kit.ReferAsync(daysAgo: 1);
        var accepted = await kit.ReferAsync(daysAgo: 3, status: ReferralStatus.Accepted);
        var draft = await kit.ReferAsync(daysAgo: 0, status: ReferralStatus.Draft);
        var elsewhere = await kit.ReferAsync(daysAgo: 2, structure: kit.OtherStructure.Id);

        var partner = await world.LoginAsync(Role.Partner);
        var page = (await (await partner.GetAsync(Inbox)).ShouldBe(HttpStatusCode.OK)).Html();
        var cards = page.QuerySelectorAll(".referral-inbox li").ToList();
        Assert.Equal([KitLink(newer.Id), KitLink(older.Id)], cards.Select(c => c.QuerySelector("h3 a")!.GetAttribute("href")));
        var holder = $"{world.NorthHolder.FirstName} {world.NorthHolder.LastName.ToUpperInvariant()}";
        Assert.Equal(holder, cards[0].QuerySelector("h3 a")!.TextContent);
        Assert.Equal("Orientation anonyme", cards[1].QuerySelector("h3 a")!.TextContent);
        Assert.Contains(kit.Service.Name, cards[0].TextContent);
        Assert.Contains(DataInclusionCatalogue.ThemeLabel("logement-hebergement--reduire-les-impayes-de-loyer"), cards[0].TextContent);
        Assert.Contains("Réponse attendue avant le", cards[0].TextContent);
        Assert.Contains("À traiter (2)", page.QuerySelector(".referral-filters")!.TextContent);
        Assert.DoesNotContain(kit.InternalNote, page.Body!.InnerHtml);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            // The named line is logged as a read; the anonymous one names nobody.
            var logged = await WaitForReadsAsync(world, newer.Id, 1);
            Assert.Equal("liste des orientations (partenaire)", logged);
            Assert.False(await db.AuditEntries.AnyAsync(e => e.EntityId == older.Id && e.Action == "read"));
        }

        var acceptedList = (await (await partner.GetAsync($"{Inbox}?etat=acceptees")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal([KitLink(accepted.Id)], acceptedList.QuerySelectorAll(".referral-inbox h3 a").Select(a => a.GetAttribute("href")));
        var all = (await (await partner.GetAsync($"{Inbox}?etat=toutes")).ShouldBe(HttpStatusCode.OK)).Html();
        var allLinks = all.QuerySelectorAll(".referral-inbox h3 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([KitLink(newer.Id), KitLink(accepted.Id), KitLink(older.Id)], allLinks);
        Assert.DoesNotContain(KitLink(draft.Id), allLinks);
        Assert.DoesNotContain(KitLink(elsewhere.Id), allLinks);
        await (await partner.GetAsync(PartnerReferralKit.Url(draft.Id))).ShouldBe(HttpStatusCode.NotFound);

        // The home page counts the referrals to handle; the other structure's user has only its own.
        var home = (await (await partner.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("2 orientations à traiter.", home.QuerySelector("#orientations-a-traiter")?.TextContent);
        var other = await world.App.LoginAsync(kit.OtherPartnerUser.Email!);
        var otherHome = (await (await other.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("1 orientation à traiter.", otherHome.QuerySelector("#orientations-a-traiter")?.TextContent);
        var otherInbox = (await (await other.GetAsync($"{Inbox}?etat=toutes")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal([KitLink(elsewhere.Id)], otherInbox.QuerySelectorAll(".referral-inbox h3 a").Select(a => a.GetAttribute("href")));

        static string KitLink(Guid id) => PartnerReferralKit.Url(id);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Inbox_is_paginated(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        for (var i = 0; i < 27; i++)
        {
            await kit.ReferAsync(daysAgo: i + 1, sharesPersonalData: false);
        }

        var partner = await world.LoginAsync(Role.Partner);
        var first = (await (await partner.GetAsync(Inbox)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(25, first.QuerySelectorAll(".referral-inbox li").Length);
        Assert.Contains("Page 1 sur 2", first.QuerySelector("nav.pager")!.TextContent);
        var next = first.QuerySelector("nav.pager a")!;
        Assert.Equal("Page suivante", next.TextContent);
        var second = (await (await partner.GetAsync(next.GetAttribute("href")!)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(2, second.QuerySelectorAll(".referral-inbox li").Length);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Referral_page_shows_only_the_shared_minimum_and_every_read_is_logged_for_the_person_and_the_household(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync();
        var partner = await world.LoginAsync(Role.Partner);

        var body = await (await partner.GetAsync(PartnerReferralKit.Url(referral.Id))).ShouldBe(HttpStatusCode.OK);
        var page = body.Html();
        Assert.Contains(world.NorthHolder.FirstName, page.QuerySelector("h1")!.TextContent);
        Assert.Contains(world.NorthHolder.LastName.ToUpperInvariant(), page.QuerySelector("h1")!.TextContent);
        Assert.Contains(kit.Phone, body);
        Assert.Contains(kit.Email, body);
        Assert.Contains(kit.SharedInformation, body);
        Assert.Contains(kit.Service.Name, body);
        Assert.Contains(kit.Worker.DisplayName, page.QuerySelector("#orientation + dl")!.TextContent);
        // Never the worker's note, the household, the address, the tenancy, the debts, the file.
        Assert.DoesNotContain(kit.InternalNote, body);
        Assert.DoesNotContain("2 400", body);
        Assert.DoesNotContain(world.NorthHousehold.TenantReference, body);
        Assert.DoesNotContain("Jean Jaurès", body);
        Assert.DoesNotContain("/Accompaniments/", body);
        Assert.DoesNotContain("/Households/", body);
        Assert.DoesNotContain("Ménage", body);

        // An anonymous referral shows no name, phone nor e-mail.
        var anonymous = await kit.ReferAsync(sharesPersonalData: false);
        var anonymousBody = await (await partner.GetAsync(PartnerReferralKit.Url(anonymous.Id))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Orientation anonyme", anonymousBody.Html().QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain(world.NorthHolder.LastName.ToUpperInvariant(), anonymousBody);
        Assert.DoesNotContain(kit.Phone, anonymousBody);

        // The read is in the household history (Responsable) and in the person's « qui a consulté mon dossier ».
        var manager = await world.LoginAsync(Role.Manager);
        var history = (await (await manager.GetAsync($"/Households/History/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var partnerName = world.Users[Role.Partner].DisplayName;
        Assert.Contains(history.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains(world.Email(Role.Partner)) && r.TextContent.Contains("orientation (partenaire)"));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var reads = await db.AuditEntries.Where(e => e.EntityType == nameof(Referral) && e.EntityId == referral.Id && e.Action == "read").CountAsync();
            Assert.Equal(1, reads);
        }

        var resident = await world.LoginAsync(Role.Resident);
        var mine = (await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        var rows = mine.QuerySelectorAll(".access-table tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains(partnerName) && r.Contains(kit.Structure.Name) && r.Contains("a consulté l’orientation adressée à sa structure"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Partner_accepts_with_an_appointment_then_reports_the_outcome_and_the_referrer_gets_an_email_without_personal_data(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync();
        var url = PartnerReferralKit.Url(referral.Id);
        var partner = await world.LoginAsync(Role.Partner);

        var past = (await (await partner.PostFormAsync($"{url}?handler=Accept", new()
        {
            ["Input.AppointmentDate"] = DateTime.Now.AddDays(-1).ToString("yyyy-MM-dd"),
            ["Input.AppointmentTime"] = "10:00",
            ["Input.Version"] = "0",
        }, url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le rendez-vous ne peut pas être dans le passé : indiquez aujourd’hui ou une date à venir.", past.QuerySelector("#rdv-date-err")?.TextContent);
        Assert.Equal("true", past.QuerySelector("#rdv-date")?.GetAttribute("aria-invalid"));
        Assert.Equal("10:00", past.QuerySelector("#rdv-heure")?.GetAttribute("value"));
        Assert.Equal(ReferralStatus.Sent, (await LoadAsync(world, referral.Id)).Status);

        var day = DateTime.Now.AddDays(7).ToString("yyyy-MM-dd");
        await (await partner.PostFormAsync($"{url}?handler=Accept", new()
        {
            ["Input.AppointmentDate"] = day, ["Input.AppointmentTime"] = "14:30", ["Input.Version"] = "0",
        }, url)).ShouldBe(HttpStatusCode.Redirect);
        var saved = await LoadAsync(world, referral.Id);
        Assert.Equal(ReferralStatus.Accepted, saved.Status);
        Assert.Equal(day + " 14:30", saved.AppointmentAt!.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm"));
        Assert.NotNull(saved.AnsweredAt);
        Assert.Equal(world.Users[Role.Partner].Id, saved.AnsweredByUserId);
        Assert.Equal(world.Users[Role.Partner].DisplayName, saved.AnsweredByName);

        var shown = (await (await partner.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Orientation acceptée", shown.QuerySelector(".notice")!.TextContent);
        Assert.Null(shown.QuerySelector("#accepter"));
        Assert.Null(shown.QuerySelector("#refuser"));
        Assert.Contains("14\u00a0h\u00a030", shown.QuerySelector("#reponse-section")!.TextContent);

        // Refusing an accepted referral is not a valid transition.
        var refused = (await (await partner.PostFormAsync($"{url}?handler=Refuse", new()
        {
            ["Input.Reason"] = "Trop tard", ["Input.Version"] = saved.Version.ToString(),
        }, url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Cette orientation est déjà acceptée", refused.QuerySelector("#erreurs")!.TextContent);
        Assert.Equal(ReferralStatus.Accepted, (await LoadAsync(world, referral.Id)).Status);

        var empty = (await (await partner.PostFormAsync($"{url}?handler=Done", new()
        {
            ["Input.Outcome"] = "  ", ["Input.Version"] = saved.Version.ToString(),
        }, url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("Décrivez en quelques mots ce qui a été fait", empty.QuerySelector("#compte-rendu-err")?.TextContent);
        await (await partner.PostFormAsync($"{url}?handler=Done", new()
        {
            ["Input.Outcome"] = "Dossier FSL déposé avec la personne.", ["Input.Version"] = saved.Version.ToString(),
        }, url)).ShouldBe(HttpStatusCode.Redirect);
        var done = await LoadAsync(world, referral.Id);
        Assert.Equal(ReferralStatus.Done, done.Status);
        Assert.Equal("Dossier FSL déposé avec la personne.", done.Outcome);
        Assert.NotNull(done.DoneAt);
        Assert.Null((await (await partner.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector("form.answer-form"));

        // The referrer got one e-mail per answer: a link to the referral, nothing about the person.
        var mails = AdminHelpers.OutboxFor(world.App, kit.Worker.Email!);
        Assert.Equal(2, mails.Count);
        Assert.Contains($"/Referrals/{referral.Id}", mails[0]);
        Assert.Contains("Subject: =?utf-8?B?", mails[0]); // "Orientation acceptée par …", encoded
        foreach (var mail in mails)
        {
            Assert.DoesNotContain(world.NorthHolder.LastName, mail, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(world.NorthHolder.FirstName, mail, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(kit.Phone, mail);
            Assert.DoesNotContain(kit.SharedInformation, mail);
            Assert.DoesNotContain("FSL", mail);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Partner_refuses_only_with_a_reason_and_an_appointment_today_is_accepted(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var toRefuse = await kit.ReferAsync();
        var toAccept = await kit.ReferAsync();
        var partner = await world.LoginAsync(Role.Partner);
        var url = PartnerReferralKit.Url(toRefuse.Id);

        var missing = (await (await partner.PostFormAsync($"{url}?handler=Refuse", new() { ["Input.Reason"] = " ", ["Input.Version"] = "0" }, url))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Indiquez le motif du refus : il sera transmis au ou à la professionnel·le qui a orienté la personne.", missing.QuerySelector("#motif-err")?.TextContent);
        Assert.Equal("true", missing.QuerySelector("#motif")?.GetAttribute("aria-invalid"));
        await (await partner.PostFormAsync($"{url}?handler=Refuse", new() { ["Input.Reason"] = "Hors de notre secteur d’intervention.", ["Input.Version"] = "0" }, url))
            .ShouldBe(HttpStatusCode.Redirect);
        var refused = await LoadAsync(world, toRefuse.Id);
        Assert.Equal(ReferralStatus.Refused, refused.Status);
        Assert.Equal("Hors de notre secteur d’intervention.", refused.RefusalReason);
        Assert.NotNull(refused.ClosedAt);

        // Nothing more on a refused referral.
        var again = (await (await partner.PostFormAsync($"{url}?handler=Done", new() { ["Input.Outcome"] = "Fait", ["Input.Version"] = refused.Version.ToString() }, url))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Cette orientation a déjà été refusée", again.QuerySelector("#erreurs")!.TextContent);

        var acceptUrl = PartnerReferralKit.Url(toAccept.Id);
        await (await partner.PostFormAsync($"{acceptUrl}?handler=Accept", new()
        {
            ["Input.AppointmentDate"] = DateTime.Now.ToString("yyyy-MM-dd"), ["Input.Version"] = "0",
        }, acceptUrl)).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(ReferralStatus.Accepted, (await LoadAsync(world, toAccept.Id)).Status);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Expired_or_cancelled_referrals_take_no_answer(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var expired = await kit.ReferAsync(daysAgo: 40, status: ReferralStatus.Expired);
        var cancelled = await kit.ReferAsync(status: ReferralStatus.Cancelled);
        var partner = await world.LoginAsync(Role.Partner);

        var list = (await (await partner.GetAsync($"{Inbox}?etat=expirees")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(2, list.QuerySelectorAll(".referral-inbox li").Length);

        var url = PartnerReferralKit.Url(expired.Id);
        var page = (await (await partner.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(page.QuerySelector("form.answer-form"));
        Assert.StartsWith("Cette orientation a expiré sans réponse", page.QuerySelector(".closed-referral")?.TextContent);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.NotNull(token); // the layout's sign-out form carries one
        var post = (await (await partner.PostAsync($"{url}?handler=Accept", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Version"] = "0", ["__RequestVerificationToken"] = token,
        }))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Cette orientation a expiré sans réponse", post.QuerySelector("#erreurs")!.TextContent);
        Assert.Equal(ReferralStatus.Expired, (await LoadAsync(world, expired.Id)).Status);

        var cancelledPost = (await (await partner.PostAsync($"{PartnerReferralKit.Url(cancelled.Id)}?handler=Done", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Version"] = "0", ["Input.Outcome"] = "Fait", ["__RequestVerificationToken"] = token,
        }))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Cette orientation a été annulée par le bailleur", cancelledPost.QuerySelector("#erreurs")!.TextContent);
        Assert.Equal(ReferralStatus.Cancelled, (await LoadAsync(world, cancelled.Id)).Status);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_stale_answer_shows_the_conflict_and_keeps_the_input(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync();
        var url = PartnerReferralKit.Url(referral.Id);
        var partner = await world.LoginAsync(Role.Partner);
        var colleague = await world.LoginAsync(Role.Partner);
        await (await colleague.PostFormAsync($"{url}?handler=Accept", new() { ["Input.Version"] = "0" }, url)).ShouldBe(HttpStatusCode.Redirect);

        var page = (await (await partner.PostFormAsync($"{url}?handler=Done", new()
        {
            ["Input.Outcome"] = "Premier rendez-vous tenu.", ["Input.Version"] = "0",
        }, url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(page.QuerySelector("#conflit"));
        Assert.Contains("« Acceptée »", page.QuerySelector("#conflit")!.TextContent);
        Assert.Equal("Premier rendez-vous tenu.", page.QuerySelector("#compte-rendu")?.TextContent);
        var current = await LoadAsync(world, referral.Id);
        Assert.Equal(ReferralStatus.Accepted, current.Status);
        Assert.Equal(current.Version.ToString(), page.QuerySelector("#realiser input[name='Input.Version']")?.GetAttribute("value"));
        Assert.Null(current.Outcome);
    }

    /// <summary>Read lines are written in batches: waits for <paramref name="count"/> of them, returns the last one's context.</summary>
    private static async Task<string?> WaitForReadsAsync(World world, Guid referralId, int count)
    {
        for (var i = 0; i < 100; i++)
        {
            await using (var scope = world.App.SystemScope(world.Id, out var db))
            {
                var reads = await db.AuditEntries.Where(e => e.EntityId == referralId && e.Action == "read").OrderBy(e => e.Sequence).Select(e => e.Details).ToListAsync();
                if (reads.Count >= count)
                {
                    return reads[^1];
                }
            }

            await Task.Delay(100);
        }

        return null;
    }

    internal static async Task<Referral> LoadAsync(World world, Guid id)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        return await db.Referrals.AsNoTracking().SingleAsync(r => r.Id == id);
    }
}
