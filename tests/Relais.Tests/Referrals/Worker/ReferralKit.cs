using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Households;
using Relais.Features.Partners;
using Relais.Features.Referrals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Worker;

/// <summary>
/// A World arranged for referrals: "CCAS" (active, with a service and the World's Partenaire user), "Mission locale"
/// (active, no consent), an inactive structure; an open accompaniment of the North holder (the World's Habitant) with a
/// current consent to share with the CCAS only.
/// </summary>
internal sealed class ReferralWorld
{
    public required World World { get; init; }
    public required string Tag { get; init; }
    public required PartnerOrganisation Ccas { get; init; }
    public required PartnerOrganisation MissionLocale { get; init; }
    public required PartnerOrganisation Inactive { get; init; }
    public required PartnerService CcasService { get; init; }
    public required Guid AccompanimentId { get; init; }
    public required Guid CcasConsentId { get; init; }

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string NewFromFile => $"/Referrals/New?accompaniment={AccompanimentId}";

    public static async Task<ReferralWorld> ArrangeAsync(World w)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var worker = w.Users[Role.SocialWorker];
        var ccas = new PartnerOrganisation { Name = $"CCAS de Villejuif {tag}", Kind = PartnerKind.Ccas, OrganisationId = w.Id, Email = $"accueil-{tag}@ccas.example" };
        var missionLocale = new PartnerOrganisation { Name = $"Mission locale {tag}", Kind = PartnerKind.MissionLocale, OrganisationId = w.Id };
        var inactive = new PartnerOrganisation { Name = $"Association dissoute {tag}", OrganisationId = w.Id, IsActive = false };
        var service = new PartnerService
        {
            OrganisationId = w.Id,
            PartnerOrganisationId = ccas.Id,
            Name = $"Aide financière d’urgence {tag}",
            Description = "Secours ponctuels",
            Themes = ["difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere"],
        };
        var accompaniment = new Accompaniment
        {
            OrganisationId = w.Id,
            HouseholdId = w.NorthHousehold.Id,
            PersonId = w.NorthHolder.Id,
            Status = AccompanimentStatus.Open,
            ConsentDate = Today.AddDays(-60),
            ConsentChannel = ConsentChannel.InPerson,
            ConsentRecordedByUserId = worker.Id,
            ConsentRecordedByName = worker.DisplayName,
        };
        var consent = new AccompanimentConsent
        {
            OrganisationId = w.Id,
            AccompanimentId = accompaniment.Id,
            Kind = ConsentKind.ShareWithPartner,
            PartnerOrganisationId = ccas.Id,
            GivenOn = Today.AddDays(-20),
            Channel = ConsentChannel.Written,
            Scope = "demande d’aide financière",
            RecordedByUserId = worker.Id,
            RecordedByName = worker.DisplayName,
        };
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            db.PartnerOrganisations.AddRange(ccas, missionLocale, inactive);
            db.PartnerServices.Add(service);
            db.Accompaniments.Add(accompaniment);
            db.AccompanimentReferents.Add(new AccompanimentReferent { AccompanimentId = accompaniment.Id, UserId = worker.Id });
            db.AccompanimentConsents.Add(consent);
            await db.SaveChangesAsync();
            var partnerUser = await db.Users.FirstAsync(u => u.Id == w.Users[Role.Partner].Id);
            partnerUser.PartnerOrganisationId = ccas.Id;
            await db.SaveChangesAsync();
        }

        return new ReferralWorld
        {
            World = w, Tag = tag, Ccas = ccas, MissionLocale = missionLocale, Inactive = inactive, CcasService = service,
            AccompanimentId = accompaniment.Id, CcasConsentId = consent.Id,
        };
    }

    /// <summary>The New form, filled in: to the CCAS, sharing personal data, resting on the accompaniment consent, sent.</summary>
    public Dictionary<string, string> Form(Guid? partner = null, string basis = "Accompaniment", string shares = "oui", string submit = "envoyer",
        Dictionary<string, string>? extra = null)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.PersonId"] = World.NorthHolder.Id.ToString(),
            ["Input.PartnerId"] = (partner ?? Ccas.Id).ToString(),
            ["Input.SharesPersonalData"] = shares,
            ["Input.SharedInformation"] = $"INFO-{Tag} Demande d’aide pour la facture d’énergie.",
            ["Input.SharedPhone"] = "06 12 34 56 78",
            ["Input.InternalNote"] = $"INTERNE-{Tag} situation fragile",
            ["Input.ConsentBasis"] = basis,
            ["Input.Version"] = "0",
            ["Submit"] = submit,
        };
        foreach (var (k, v) in extra ?? [])
        {
            form[k] = v;
        }

        return form;
    }

    public Task<List<Referral>> ReferralsAsync() => ReadAsync(db => db.Referrals.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync());

    public async Task<T> ReadAsync<T>(Func<RelaisDbContext, Task<T>> read)
    {
        await using var scope = World.App.SystemScope(World.Id, out var db);
        return await read(db);
    }

    /// <summary>A referral stored directly (status, consent and dates as given), made by the World's Conseiller.</summary>
    public async Task<Referral> AddAsync(Action<Referral>? change = null)
    {
        var worker = World.Users[Role.SocialWorker];
        var referral = new Referral
        {
            OrganisationId = World.Id,
            Origin = ReferralOrigin.Accompaniment,
            AccompanimentId = AccompanimentId,
            PersonId = World.NorthHolder.Id,
            HouseholdId = World.NorthHousehold.Id,
            PartnerOrganisationId = Ccas.Id,
            SharesPersonalData = true,
            SharedInformation = $"INFO-{Tag} Demande d’aide.",
            ConsentGivenOn = Today.AddDays(-1),
            ConsentChannel = ConsentChannel.InPerson,
            ConsentRecordedByUserId = worker.Id,
            ConsentRecordedByName = worker.DisplayName,
            Status = ReferralStatus.Sent,
            SentAt = DateTimeOffset.UtcNow.AddDays(-2),
            AnswerDueOn = Today.AddDays(28),
            ReferrerUserId = worker.Id,
            ReferrerName = worker.DisplayName,
        };
        change?.Invoke(referral);
        await using var scope = World.App.SystemScope(World.Id, out var db);
        db.Referrals.Add(referral);
        await db.SaveChangesAsync();
        return referral;
    }

    /// <summary>The referral ids the CCAS's Partenaire may read now, through <see cref="ReferralAccess"/>.</summary>
    public Task<List<Guid>> PartnerSeesAsync() => ReadAsync(db =>
        ReferralAccess.Visible(db, new ConfidentialReader(ReaderKind.Partner, World.Users[Role.Partner].Id, HouseholdScope.Nothing, Ccas.Id, null))
            .Select(r => r.Id).ToListAsync());
}

/// <summary>A draft referral (its id serves both /Referrals/{id} and /Referrals/New/{id}), for the cross-organisation test.</summary>
public sealed record ReferralIds(Guid DraftId)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, ReferralIds> Arranged = new();

    public static ReferralIds Of(World w) => Arranged[w.Id];

    public static async Task ArrangeAsync(World w)
    {
        // ReferralWorld attaches the world's Partenaire to its own CCAS; the other arrangements of the cross-organisation
        // test (the partner's side) expect the Partenaire where it was: put it back.
        Guid? structure;
        await using (w.App.SystemScope(w.Id, out var db))
        {
            structure = await db.Users.Where(u => u.Id == w.Users[Role.Partner].Id).Select(u => u.PartnerOrganisationId).SingleAsync();
        }

        var rw = await ReferralWorld.ArrangeAsync(w);
        var draft = await rw.AddAsync(r =>
        {
            r.Status = ReferralStatus.Draft;
            r.SentAt = null;
            r.AnswerDueOn = null;
        });
        await using (w.App.SystemScope(w.Id, out var db))
        {
            var partner = await db.Users.SingleAsync(u => u.Id == w.Users[Role.Partner].Id);
            partner.PartnerOrganisationId = structure;
            await db.SaveChangesAsync();
        }

        Arranged[w.Id] = new ReferralIds(draft.Id);
    }
}
