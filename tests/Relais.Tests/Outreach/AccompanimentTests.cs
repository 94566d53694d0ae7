using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Outreach;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Outreach;

public sealed class AccompanimentTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_accompaniment_opens_from_a_contact_only_with_a_consent_date_and_records_who_took_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var campaign = await OutreachKit.AddCampaignAsync(world, "Tournée", DateOnly.FromDateTime(DateTime.Now), null, [Role.SocialWorker]);
        var target = await OutreachKit.AddTargetAsync(world, campaign.Id, world.NorthHousehold.Id);
        var social = await world.LoginAsync(Role.SocialWorker);
        var before = (await (await social.GetAsync($"/Outreach/Target/{target.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(before.QuerySelector("a[href^='/Accompaniments/Open/']")); // no contact yet

        await (await social.PostFormAsync($"/Outreach/Target/{target.Id}", new() { ["Outcome"] = "NeedExpressed" })).ShouldBe(HttpStatusCode.Redirect);
        var after = (await (await social.GetAsync($"/Outreach/Target/{target.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var link = after.QuerySelector("a[href^='/Accompaniments/Open/']")!.GetAttribute("href")!;
        Guid attemptId;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            attemptId = (await db.ContactAttempts.SingleAsync(a => a.TargetId == target.Id)).Id;
        }

        Assert.Equal($"/Accompaniments/Open/{world.NorthHousehold.Id}?attemptId={attemptId}", link);

        // No consent date: refused, nothing created.
        var missing = (await (await social.PostFormAsync(link, new()
        {
            ["Input.PersonId"] = world.NorthHolder.Id.ToString(), ["Input.ConsentDate"] = "", ["Input.ConsentChannel"] = "InPerson", ["AttemptId"] = attemptId.ToString(),
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Indiquez la date à laquelle la personne a donné son consentement : pas d'accompagnement sans consentement.",
            missing.QuerySelector("#consent-date-err")?.TextContent);
        Assert.Equal("true", missing.QuerySelector("#consent-date")?.GetAttribute("aria-invalid"));

        // A consent in the future is no consent.
        var tomorrow = DateTime.Now.Date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var future = (await (await social.PostFormAsync(link, new()
        {
            ["Input.PersonId"] = world.NorthHolder.Id.ToString(), ["Input.ConsentDate"] = tomorrow, ["Input.ConsentChannel"] = "InPerson",
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("La date du consentement ne peut pas être dans le futur.", future.QuerySelector("#consent-date-err")?.TextContent);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False(await db.Accompaniments.AnyAsync());
        }

        var consentDay = DateOnly.FromDateTime(DateTime.Now.AddDays(-1));
        var opened = await social.PostFormAsync(link, new()
        {
            ["Input.PersonId"] = world.NorthHolder.Id.ToString(), ["Input.ConsentDate"] = consentDay.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            ["Input.ConsentChannel"] = "InPerson", ["AttemptId"] = attemptId.ToString(),
        });
        await opened.ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal($"/Households/Details/{world.NorthHousehold.Id}", opened.Headers.Location?.OriginalString);

        var socialWorker = world.Users[Role.SocialWorker];
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var record = await db.Accompaniments.SingleAsync();
            Assert.Equal(world.NorthHousehold.Id, record.HouseholdId);
            Assert.Equal(world.NorthHolder.Id, record.PersonId);
            Assert.Equal(consentDay, record.ConsentDate);
            Assert.Equal(ConsentChannel.InPerson, record.ConsentChannel);
            Assert.Equal(socialWorker.Id, record.ConsentRecordedByUserId);
            Assert.Equal(socialWorker.DisplayName, record.ConsentRecordedByName);
            Assert.Equal(attemptId, record.ContactAttemptId);
            Assert.Equal(AccompanimentStatus.Open, record.Status);
        }

        var expected = $"Accompagnement ouvert le {DateTime.Now.ToString("d MMMM yyyy", French)} (consentement recueilli le {consentDay.ToString("d MMMM yyyy", French)} par {socialWorker.DisplayName})";
        var household = (await (await social.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(expected, household.QuerySelector(".accompaniment-line")?.TextContent);

        // The person sees it on their own page; a field agent does not see that the household is accompanied.
        var resident = await world.LoginAsync(Role.Resident);
        var own = (await (await resident.GetAsync("/Households/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(expected, own.QuerySelector(".accompaniment-line")?.TextContent);
        Assert.Null(own.QuerySelector("a[href^='/Accompaniments/Open/']"));
        var agent = await world.LoginAsync(Role.FieldAgent);
        var agentView = (await (await agent.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(agentView.QuerySelector(".accompaniment-line"));
        Assert.Null(agentView.QuerySelector("#accompagnements"));

        // A second one for the same person is refused.
        var twice = (await (await social.PostFormAsync($"/Accompaniments/Open/{world.NorthHousehold.Id}", new()
        {
            ["Input.PersonId"] = world.NorthHolder.Id.ToString(), ["Input.ConsentDate"] = consentDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Input.ConsentChannel"] = "Phone",
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Un accompagnement est déjà ouvert pour Benoît LEFÈVRE.", twice.QuerySelector("#person-err")?.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Only_a_person_of_that_household_can_be_accompanied_from_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await world.LoginAsync(Role.Manager);
        var page = (await (await manager.PostFormAsync($"/Accompaniments/Open/{world.NorthHousehold.Id}", new()
        {
            ["Input.PersonId"] = world.SouthHolder.Id.ToString(), ["Input.ConsentDate"] = "2026-01-10", ["Input.ConsentChannel"] = "Written",
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Choisissez la personne accompagnée.", page.QuerySelector("#person-err")?.TextContent);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.False(await db.Accompaniments.AnyAsync());
    }
}
