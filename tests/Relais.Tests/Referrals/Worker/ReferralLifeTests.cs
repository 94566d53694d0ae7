using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Relais.Cli;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Collective;
using Relais.Features.Outreach;
using Relais.Features.Referrals;
using Relais.Features.Referrals.Worker;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Worker;

/// <summary>
/// Who reaches the referral pages, the origins (outreach contact, project member), cancel with its concurrency, consent
/// withdrawal (on the referral, or of the accompaniment consent it rests on), the Habitant's own list, the expiry sweep,
/// "mes échéances" and the settings.
/// </summary>
public sealed class ReferralLifeTests
{
    private static async Task<ReferralWorld> ArrangeAsync(DatabaseProvider provider) =>
        await ReferralWorld.ArrangeAsync(await World.CreateAsync(await TestApp.GetAsync(provider)));

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Field_agent_partner_and_resident_cannot_reach_the_new_form(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        foreach (var role in new[] { Role.FieldAgent, Role.Partner, Role.Resident, Role.Administrator })
        {
            var client = await rw.World.LoginAsync(role);
            var get = await client.GetAsync(rw.NewFromFile);
            Assert.True(get.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{role}: GET {(int)get.StatusCode}");
            var list = await client.GetAsync("/Referrals");
            Assert.True(list.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{role}: /Referrals {(int)list.StatusCode}");
        }

        await (await (await rw.World.LoginAsync(Role.SocialWorker)).GetAsync(rw.NewFromFile)).ShouldBe(HttpStatusCode.OK);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_organisations_or_an_out_of_scope_origin_answers_404(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var other = await World.CreateAsync(rw.World.App);
        var otherClient = await other.LoginAsync(Role.SocialWorker);
        await (await otherClient.GetAsync(rw.NewFromFile)).ShouldBe(HttpStatusCode.NotFound);
        var referral = await rw.AddAsync();
        await (await otherClient.GetAsync($"/Referrals/{referral.Id}")).ShouldBe(HttpStatusCode.NotFound);

        // A Conseillère of the South sector does not see the North household's file.
        var south = await AddWorkerAsync(rw.World, rw.World.South.Id);
        var southClient = await rw.World.App.LoginAsync(south.Email!);
        await (await southClient.GetAsync(rw.NewFromFile)).ShouldBe(HttpStatusCode.NotFound);
        await (await southClient.GetAsync($"/Referrals/{referral.Id}")).ShouldBe(HttpStatusCode.NotFound);
        var list = await (await southClient.GetAsync("/Referrals?tout=true")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(referral.Id.ToString(), list);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task From_an_outreach_contact_the_worker_chooses_a_member_and_records_consent(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var w = rw.World;
        var campaign = await Outreach.OutreachKit.AddCampaignAsync(w, "Tournée", ReferralWorld.Today.AddDays(-3), null, [Role.SocialWorker]);
        var target = await Outreach.OutreachKit.AddTargetAsync(w, campaign.Id, w.NorthHousehold.Id);
        await Outreach.OutreachKit.AddAttemptAsync(w, target.Id, ContactOutcome.Referred, DateTimeOffset.UtcNow.AddHours(-2));
        var contact = await rw.ReadAsync(db => db.ContactAttempts.Where(c => c.TargetId == target.Id).Select(c => c.Id).SingleAsync());
        var client = await w.LoginAsync(Role.SocialWorker);

        var targetPage = await (await client.GetAsync($"/Outreach/Target/{target.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains($"/Referrals/New?contact={contact}", targetPage);
        var form = (await (await client.GetAsync($"/Referrals/New?contact={contact}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(2, form.QuerySelectorAll("input[name='Input.PersonId']").Length); // the holder and the child
        Assert.Null(form.QuerySelector("#basis-accompaniment")); // no file: the consent is recorded on the referral

        var child = await rw.ReadAsync(db => db.Persons.Where(p => p.HouseholdId == w.NorthHousehold.Id && p.FirstName == "Zoé").Select(p => p.Id).SingleAsync());
        await (await client.PostFormAsync($"/Referrals/New?contact={contact}", rw.Form(partner: rw.MissionLocale.Id, basis: "Recorded", extra: new()
        {
            ["Input.PersonId"] = child.ToString(), ["Input.ConsentGivenOn"] = ReferralWorld.Iso(ReferralWorld.Today), ["Input.ConsentChannel"] = "InPerson",
        }))).ShouldBe(HttpStatusCode.Redirect);
        var referral = Assert.Single(await rw.ReferralsAsync());
        Assert.Equal((ReferralOrigin.Outreach, contact, child, ReferralStatus.Sent), (referral.Origin, referral.ContactAttemptId, referral.PersonId, referral.Status));

        // A person of another household is not one of the contact's.
        var other = await (await client.PostFormAsync($"/Referrals/New?contact={contact}", rw.Form(partner: rw.MissionLocale.Id, basis: "Recorded", extra: new()
        {
            ["Input.PersonId"] = w.SouthHolder.Id.ToString(), ["Input.ConsentGivenOn"] = ReferralWorld.Iso(ReferralWorld.Today), ["Input.ConsentChannel"] = "InPerson",
        }))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Choisissez la personne orientée.", WebUtility.HtmlDecode(other));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task From_a_project_only_a_current_resident_member_can_be_referred(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var w = rw.World;
        var project = await Collective.Projects.ProjectsKit.ProjectAsync(w, "Jardin partagé");
        Guid member;
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            var m = new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Resident, Role = MemberRole.Participant, PersonId = w.NorthHolder.Id, JoinedOn = ReferralWorld.Today };
            db.ProjectMembers.Add(m);
            await db.SaveChangesAsync();
            member = m.Id;
        }

        var client = await w.LoginAsync(Role.SocialWorker);
        var page = await (await client.GetAsync($"/Collective/Project/{project.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains($"/Referrals/New?project={project.Id}&amp;member={member}", page);
        await (await client.GetAsync($"/Referrals/New?project={project.Id}&member={member}")).ShouldBe(HttpStatusCode.OK);
        await (await client.GetAsync($"/Referrals/New?project={project.Id}&person={w.SouthHolder.Id}")).ShouldBe(HttpStatusCode.NotFound);

        await (await client.PostFormAsync($"/Referrals/New?project={project.Id}&person={w.NorthHolder.Id}", rw.Form(partner: rw.MissionLocale.Id, shares: "non"))).ShouldBe(HttpStatusCode.Redirect);
        var referral = Assert.Single(await rw.ReferralsAsync());
        Assert.Equal((ReferralOrigin.Project, project.Id), (referral.Origin, referral.ProjectId));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Cancelling_needs_a_reason_and_a_stale_version_loses(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var referral = await rw.AddAsync();
        var client = await rw.World.LoginAsync(Role.SocialWorker);
        var url = $"/Referrals/{referral.Id}?handler=Cancel";

        var empty = await (await client.PostFormAsync(url, new() { ["Version"] = "0", ["Reason"] = "" }, formPage: $"/Referrals/{referral.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Indiquez pourquoi l’orientation est annulée.", WebUtility.HtmlDecode(empty));

        // Someone else changed it meanwhile (the version moved): the cancellation is refused, the current state shown.
        await using (var scope = rw.World.App.SystemScope(rw.World.Id, out var db))
        {
            var r = await db.Referrals.FirstAsync(x => x.Id == referral.Id);
            r.SharedInformation += " (précisé)";
            await db.SaveChangesAsync();
        }

        var stale = await (await client.PostFormAsync(url, new() { ["Version"] = "0", ["Reason"] = "La personne a trouvé une autre solution." }, formPage: $"/Referrals/{referral.Id}"))
            .ShouldBe(HttpStatusCode.Conflict);
        Assert.Contains("modifiée par quelqu’un d’autre", WebUtility.HtmlDecode(stale));
        Assert.Equal(ReferralStatus.Sent, (await rw.ReferralsAsync()).Single().Status);

        await (await client.PostFormAsync(url, new() { ["Version"] = "1", ["Reason"] = "La personne a trouvé une autre solution." }, formPage: $"/Referrals/{referral.Id}"))
            .ShouldBe(HttpStatusCode.Redirect);
        var cancelled = (await rw.ReferralsAsync()).Single();
        Assert.Equal(ReferralStatus.Cancelled, cancelled.Status);
        Assert.Contains("La personne a trouvé une autre solution.", cancelled.InternalNote);
        var page = WebUtility.HtmlDecode(await (await client.GetAsync($"/Referrals/{referral.Id}")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("Annulée", page);
        Assert.DoesNotContain("Annuler l’orientation", page); // no longer open
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Withdrawing_the_consent_recorded_on_the_referral_hides_it_from_the_partner_at_once(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var referral = await rw.AddAsync();
        Assert.Contains(referral.Id, await rw.PartnerSeesAsync());
        var client = await rw.World.LoginAsync(Role.SocialWorker);

        await (await client.PostFormAsync($"/Referrals/{referral.Id}?handler=Withdraw", new() { ["Version"] = "0" }, formPage: $"/Referrals/{referral.Id}"))
            .ShouldBe(HttpStatusCode.Redirect);

        Assert.NotNull((await rw.ReferralsAsync()).Single().ConsentWithdrawnAt);
        Assert.DoesNotContain(referral.Id, await rw.PartnerSeesAsync());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Withdrawing_the_accompaniment_consent_in_the_file_hides_the_referral_from_the_partner(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var referral = await rw.AddAsync(r =>
        {
            r.ConsentGivenOn = null;
            r.ConsentChannel = null;
            r.AccompanimentConsentId = rw.CcasConsentId;
        });
        Assert.Contains(referral.Id, await rw.PartnerSeesAsync());
        var client = await rw.World.LoginAsync(Role.SocialWorker);
        var notes = $"/Accompaniments/{rw.AccompanimentId}/Notes";

        await (await client.PostFormAsync($"{notes}?handler=Withdraw", new() { ["ConsentId"] = rw.CcasConsentId.ToString() }, formPage: notes)).ShouldBe(HttpStatusCode.Redirect);

        Assert.DoesNotContain(referral.Id, await rw.PartnerSeesAsync());
        Assert.Null((await rw.ReferralsAsync()).Single().ConsentWithdrawnAt); // nothing to write on the referral: the query follows the consent
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_resident_sees_their_referrals_but_not_drafts_nor_internal_notes_and_withdraws_their_consent(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var sent = await rw.AddAsync(r => r.InternalNote = $"INTERNE-{rw.Tag}");
        var draft = await rw.AddAsync(r =>
        {
            r.Status = ReferralStatus.Draft;
            r.SentAt = null;
            r.PartnerOrganisationId = rw.MissionLocale.Id;
        });
        var resident = await rw.World.LoginAsync(Role.Resident);

        var mine = WebUtility.HtmlDecode(await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("Mes orientations vers des partenaires", mine);
        Assert.Contains(rw.Ccas.Name, mine);
        Assert.Contains($"INFO-{rw.Tag}", mine);
        Assert.DoesNotContain($"INTERNE-{rw.Tag}", mine);
        Assert.DoesNotContain(rw.MissionLocale.Name, mine); // the draft
        Assert.DoesNotContain(draft.Id.ToString(), mine);

        // Another resident cannot withdraw it.
        var otherResident = await AddResidentAsync(rw.World, rw.World.SouthHolder.Id);
        var other = await rw.World.App.LoginAsync(otherResident.Email!);
        await (await other.PostFormAsync("/Referrals/Mine?handler=Withdraw", new() { ["ReferralId"] = sent.Id.ToString() }, formPage: "/Referrals/Mine"))
            .ShouldBe(HttpStatusCode.NotFound);
        Assert.Contains(sent.Id, await rw.PartnerSeesAsync());

        await (await resident.PostFormAsync("/Referrals/Mine?handler=Withdraw", new() { ["ReferralId"] = sent.Id.ToString() }, formPage: "/Referrals/Mine"))
            .ShouldBe(HttpStatusCode.Redirect);
        Assert.DoesNotContain(sent.Id, await rw.PartnerSeesAsync());
        var after = WebUtility.HtmlDecode(await (await resident.GetAsync("/Referrals/Mine")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("Vous avez retiré votre accord", after);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_expiry_sweep_expires_sent_referrals_past_their_due_date_only(DatabaseProvider provider)
    {
        var app = await TestApp.CreatePrivateAsync(provider);
        try
        {
            var rw = await ReferralWorld.ArrangeAsync(await World.CreateAsync(app));
            var day = new DateOnly(2030, 3, 10);
            var overdue = await rw.AddAsync(r => r.AnswerDueOn = day.AddDays(-1));
            var dueToday = await rw.AddAsync(r => r.AnswerDueOn = day);
            var accepted = await rw.AddAsync(r =>
            {
                r.AnswerDueOn = day.AddDays(-5);
                r.Status = ReferralStatus.Accepted;
                r.AnsweredAt = DateTimeOffset.UtcNow;
            });
            var clock = new FixedClock(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
            var expiry = new ReferralExpiry(app.Services.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<ReferralExpiry>.Instance);

            Assert.Equal(1, await expiry.RunAsync(null, CancellationToken.None));

            var all = (await rw.ReferralsAsync()).ToDictionary(r => r.Id);
            Assert.Equal(ReferralStatus.Expired, all[overdue.Id].Status);
            Assert.NotNull(all[overdue.Id].ClosedAt);
            Assert.Equal(ReferralStatus.Sent, all[dueToday.Id].Status);
            Assert.Equal(ReferralStatus.Accepted, all[accepted.Id].Status);

            // The command line runs the same sweep (today's real date).
            var late = await rw.AddAsync(r => r.AnswerDueOn = ReferralWorld.Today.AddDays(-2));
            var code = await CliCommands.RunAsync(["expire-referrals", "--org", rw.World.Id.ToString(), $"--Database:Provider={app.Provider}",
                $"--ConnectionStrings:Relais={app.ConnectionString}", $"--Database:DataFolder={Path.GetTempPath()}"]);
            Assert.Equal(0, code);
            Assert.Equal(ReferralStatus.Expired, (await rw.ReferralsAsync()).Single(r => r.Id == late.Id).Status);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Mes_echeances_shows_an_unseen_answer_until_the_referral_is_opened_and_answers_due_soon(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var answered = await rw.AddAsync(r =>
        {
            r.Status = ReferralStatus.Accepted;
            r.AnsweredAt = DateTimeOffset.UtcNow.AddHours(-1);
            r.AnsweredByName = "Accueil CCAS";
        });
        var dueSoon = await rw.AddAsync(r =>
        {
            r.AnswerDueOn = ReferralWorld.Today.AddDays(3);
            r.PartnerOrganisationId = rw.MissionLocale.Id;
        });
        var notSoon = await rw.AddAsync(r => r.AnswerDueOn = ReferralWorld.Today.AddDays(20));
        var expired = await rw.AddAsync(r =>
        {
            r.Status = ReferralStatus.Expired;
            r.ClosedAt = DateTimeOffset.UtcNow.AddHours(-2);
        });
        var doneAndSeen = await rw.AddAsync(r =>
        {
            r.Status = ReferralStatus.Done;
            r.AnsweredAt = DateTimeOffset.UtcNow.AddDays(-3);
            r.DoneAt = DateTimeOffset.UtcNow.AddDays(-2);
            r.AnswerSeenAt = DateTimeOffset.UtcNow.AddDays(-1);
        });
        var doneSinceSeen = await rw.AddAsync(r =>
        {
            r.Status = ReferralStatus.Done;
            r.AnsweredAt = DateTimeOffset.UtcNow.AddDays(-3);
            r.AnswerSeenAt = DateTimeOffset.UtcNow.AddDays(-2); // saw the acceptance, not the outcome reported since
            r.DoneAt = DateTimeOffset.UtcNow.AddDays(-1);
        });
        var client = await rw.World.LoginAsync(Role.SocialWorker);

        var page = (await (await client.GetAsync("/Accompaniments/Deadlines")).ShouldBe(HttpStatusCode.OK)).Html();
        var answersGroup = page.GetElementById("echeances-orientations-reponses")!.ParentElement!;
        var answers = answersGroup.TextContent;
        Assert.Contains("Réponse reçue : acceptée", answers);
        Assert.NotNull(answersGroup.QuerySelector($"a[href='/Referrals/{expired.Id}']"));
        Assert.Contains("Expirée sans réponse de la structure", answers);
        Assert.NotNull(answersGroup.QuerySelector($"a[href='/Referrals/{doneSinceSeen.Id}']"));
        Assert.Null(answersGroup.QuerySelector($"a[href='/Referrals/{doneAndSeen.Id}']"));
        var due = page.GetElementById("echeances-orientations-attente")!.ParentElement!;
        Assert.NotNull(due.QuerySelector($"a[href='/Referrals/{dueSoon.Id}']"));
        Assert.Null(due.QuerySelector($"a[href='/Referrals/{notSoon.Id}']"));

        // Another worker opening it does not mark it seen; the referrer does.
        await (await (await rw.World.LoginAsync(Role.Manager)).GetAsync($"/Referrals/{answered.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Null((await rw.ReferralsAsync()).Single(r => r.Id == answered.Id).AnswerSeenAt);
        await (await client.GetAsync($"/Referrals/{answered.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.NotNull((await rw.ReferralsAsync()).Single(r => r.Id == answered.Id).AnswerSeenAt);

        var after = (await (await client.GetAsync("/Accompaniments/Deadlines")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(after.GetElementById("echeances-orientations-reponses")!.ParentElement!.QuerySelector($"a[href='/Referrals/{answered.Id}']"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_file_lists_its_referrals_and_the_list_filters_by_status_and_partner(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var sent = await rw.AddAsync();
        var done = await rw.AddAsync(r =>
        {
            r.Status = ReferralStatus.Done;
            r.AnsweredAt = DateTimeOffset.UtcNow.AddDays(-1);
            r.DoneAt = DateTimeOffset.UtcNow;
            r.Outcome = "Aide accordée";
            r.PartnerOrganisationId = rw.MissionLocale.Id;
        });
        var client = await rw.World.LoginAsync(Role.SocialWorker);

        var file = (await (await client.GetAsync($"/Accompaniments/File/{rw.AccompanimentId}")).ShouldBe(HttpStatusCode.OK)).Html();
        var section = file.GetElementById("section-orientations")!;
        Assert.NotNull(section.QuerySelector($"a[href='/Referrals/{sent.Id}']"));
        Assert.NotNull(section.QuerySelector($"a[href='/Referrals/{done.Id}']"));
        Assert.NotNull(section.QuerySelector($"a[href='/Referrals/New?accompaniment={rw.AccompanimentId}']"));

        var mine = await (await client.GetAsync("/Referrals")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(sent.Id.ToString(), mine);
        Assert.Contains(done.Id.ToString(), mine);
        var onlyDone = await (await client.GetAsync("/Referrals?statut=Done")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(sent.Id.ToString(), onlyDone);
        Assert.Contains(done.Id.ToString(), onlyDone);
        var onlyCcas = await (await client.GetAsync($"/Referrals?structure={rw.Ccas.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(sent.Id.ToString(), onlyCcas);
        Assert.DoesNotContain(done.Id.ToString(), onlyCcas);

        // The manager made none: "mes orientations" is empty, all of the scope shows both.
        var manager = await rw.World.LoginAsync(Role.Manager);
        Assert.DoesNotContain(sent.Id.ToString(), await (await manager.GetAsync("/Referrals")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains(sent.Id.ToString(), await (await manager.GetAsync("/Referrals?tout=true")).ShouldBe(HttpStatusCode.OK));

        var detail = WebUtility.HtmlDecode(await (await client.GetAsync($"/Referrals/{done.Id}")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("Réalisée", detail);
        Assert.Contains("Aide accordée", detail);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Settings_take_a_delay_between_1_and_365_days_used_at_sending(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        await (await (await rw.World.LoginAsync(Role.SocialWorker)).GetAsync("/Referrals/Settings")).ShouldBe(HttpStatusCode.Forbidden);
        var manager = await rw.World.LoginAsync(Role.Manager);

        foreach (var bad in new[] { "0", "366", "trente" })
        {
            var body = WebUtility.HtmlDecode(await (await manager.PostFormAsync("/Referrals/Settings", new() { ["ExpiryDays"] = bad, ["Version"] = "0" })).ShouldBe(HttpStatusCode.OK));
            Assert.True(body.Contains("Le délai doit être compris entre 1 et 365 jours.") || body.Contains("Indiquez le délai en nombre entier de jours"), bad);
        }

        await (await manager.PostFormAsync("/Referrals/Settings", new() { ["ExpiryDays"] = "45", ["Version"] = "0" })).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(45, await rw.ReadAsync(db => db.ReferralExpiryDaysAsync(CancellationToken.None)));
        // A second form still holding version 0 of a row now at version 0 is fine; one at a stale version loses.
        await (await manager.PostFormAsync("/Referrals/Settings", new() { ["ExpiryDays"] = "40", ["Version"] = "0" })).ShouldBe(HttpStatusCode.Redirect);
        await (await manager.PostFormAsync("/Referrals/Settings", new() { ["ExpiryDays"] = "20", ["Version"] = "0" })).ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal(40, await rw.ReadAsync(db => db.ReferralExpiryDaysAsync(CancellationToken.None)));

        await (await manager.PostFormAsync(rw.NewFromFile, rw.Form())).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(ReferralWorld.Today.AddDays(40), (await rw.ReferralsAsync()).Single().AnswerDueOn);
    }

    private static async Task<AppUser> AddWorkerAsync(World w, Guid sector)
    {
        var user = NewUser(w, Role.SocialWorker, "Conseillère du Sud");
        user.Sectors.Add(new UserSector { UserId = user.Id, SectorId = sector });
        await using var scope = w.App.SystemScope(w.Id, out var db);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private static async Task<AppUser> AddResidentAsync(World w, Guid person)
    {
        var user = NewUser(w, Role.Resident, "Habitante du Sud");
        user.PersonId = person;
        await using var scope = w.App.SystemScope(w.Id, out var db);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private static AppUser NewUser(World w, Role role, string name)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@test.relais.local";
        return new AppUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = name,
            Role = role,
            OrganisationId = w.Id,
            LockoutEnabled = true,
            PasswordHash = w.App.PasswordHash,
        };
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
