using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Partners;
using Relais.Features.Users;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

/// <summary>
/// One accompaniment file arranged with every kind of confidential item, each carrying a unique marker text so that a
/// test can look for the item's actual content in a response: the North holder (the World's Habitant) is accompanied by
/// the World's Conseiller, who wrote a note and added a document at each level, with a current consent to share with
/// "CCAS" (the World's Partenaire belongs to it) and a current health consent with health information.
/// </summary>
internal sealed class ConfidentialFile
{
    private static readonly ConditionalWeakTable<World, ConfidentialFile> Arranged = new();

    public required World World { get; init; }
    public required string Tag { get; init; }
    public required Guid AccompanimentId { get; init; }
    public required PartnerOrganisation Partner { get; init; }
    public required PartnerOrganisation OtherPartner { get; init; }
    public required Guid PartnerConsentId { get; init; }
    public required Guid HealthConsentId { get; init; }
    public required AppUser OtherWorker { get; init; }
    public required AppUser OtherPartnerUser { get; init; }
    public required AppUser OtherResident { get; init; }
    public required Dictionary<ConfidentialityLevel, Guid> NoteIds { get; init; }
    public required Dictionary<ConfidentialityLevel, Guid> DocumentIds { get; init; }

    public string NoteText(ConfidentialityLevel level) => $"NOTE-{level}-{Tag} Mme a repris contact avec la CAF.";
    public string DocumentTitle(ConfidentialityLevel level) => $"DOC-{level}-{Tag}.pdf";
    public string DocumentContent(ConfidentialityLevel level) => $"%PDF-1.4\n% CONTENU-{level}-{Tag}\n%%EOF\n";
    public string HealthText => $"SANTE-{Tag} suivi au CMP";

    public static ConfidentialFile Of(World w) => Arranged.TryGetValue(w, out var f)
        ? f
        : throw new InvalidOperationException("Call ConfidentialFile.ArrangeAsync(world) first.");

    public static async Task<ConfidentialFile> ArrangeAsync(World w)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var worker = w.Users[Role.SocialWorker];
        var partner = new PartnerOrganisation { Name = $"CCAS de Villejuif {tag}", OrganisationId = w.Id };
        var otherPartner = new PartnerOrganisation { Name = $"Mission locale {tag}", OrganisationId = w.Id };
        var accompaniment = new Accompaniment
        {
            OrganisationId = w.Id,
            HouseholdId = w.NorthHousehold.Id,
            PersonId = w.NorthHolder.Id,
            Status = AccompanimentStatus.Open,
            ConsentDate = new DateOnly(2026, 1, 12),
            ConsentChannel = ConsentChannel.InPerson,
            ConsentRecordedByUserId = worker.Id,
            ConsentRecordedByName = worker.DisplayName,
        };
        var share = new AccompanimentConsent
        {
            OrganisationId = w.Id,
            AccompanimentId = accompaniment.Id,
            Kind = ConsentKind.ShareWithPartner,
            PartnerOrganisationId = partner.Id,
            GivenOn = new DateOnly(2026, 1, 20),
            Channel = ConsentChannel.Written,
            Scope = "dossier FSL",
            RecordedByUserId = worker.Id,
            RecordedByName = worker.DisplayName,
        };
        var health = new AccompanimentConsent
        {
            OrganisationId = w.Id,
            AccompanimentId = accompaniment.Id,
            Kind = ConsentKind.Health,
            GivenOn = new DateOnly(2026, 1, 20),
            Channel = ConsentChannel.InPerson,
            RecordedByUserId = worker.Id,
            RecordedByName = worker.DisplayName,
        };

        var otherWorker = NewUser(w, Role.SocialWorker, "Autre conseillère");
        var otherPartnerUser = NewUser(w, Role.Partner, "Partenaire d’ailleurs");
        otherPartnerUser.PartnerOrganisationId = otherPartner.Id;
        var otherResident = NewUser(w, Role.Resident, "Habitante du Sud");
        otherResident.PersonId = w.SouthHolder.Id;

        var file = new ConfidentialFile
        {
            World = w,
            Tag = tag,
            AccompanimentId = accompaniment.Id,
            Partner = partner,
            OtherPartner = otherPartner,
            PartnerConsentId = share.Id,
            HealthConsentId = health.Id,
            OtherWorker = otherWorker,
            OtherPartnerUser = otherPartnerUser,
            OtherResident = otherResident,
            NoteIds = [],
            DocumentIds = [],
        };

        var store = w.App.Services.GetRequiredService<DocumentStore>();
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            db.PartnerOrganisations.AddRange(partner, otherPartner);
            db.Accompaniments.Add(accompaniment);
            db.AccompanimentConsents.AddRange(share, health);
            db.AccompanimentHealthRecords.Add(new AccompanimentHealth
            {
                OrganisationId = w.Id,
                AccompanimentId = accompaniment.Id,
                Categories = HealthCategories.MentalHealth | HealthCategories.AccessToCare,
                Text = file.HealthText,
                UpdatedByUserId = worker.Id,
                UpdatedByName = worker.DisplayName,
            });
            foreach (var level in Enum.GetValues<ConfidentialityLevel>())
            {
                var note = new AccompanimentNote
                {
                    OrganisationId = w.Id,
                    AccompanimentId = accompaniment.Id,
                    Level = level,
                    ConsentId = level == ConfidentialityLevel.Partner ? share.Id : null,
                    AuthorUserId = worker.Id,
                    AuthorName = worker.DisplayName,
                    Text = file.NoteText(level),
                };
                db.AccompanimentNotes.Add(note);
                file.NoteIds[level] = note.Id;

                var stored = await store.SaveAsync(w.Id, new MemoryStream(Encoding.ASCII.GetBytes(file.DocumentContent(level))), CancellationToken.None);
                var document = new AccompanimentDocument
                {
                    OrganisationId = w.Id,
                    AccompanimentId = accompaniment.Id,
                    Level = level,
                    ConsentId = level == ConfidentialityLevel.Partner ? share.Id : null,
                    AuthorUserId = worker.Id,
                    AuthorName = worker.DisplayName,
                    Title = file.DocumentTitle(level),
                    ContentType = "application/pdf",
                    SizeBytes = stored.Size,
                    StorageName = stored.StorageName,
                    Sha256 = stored.Sha256,
                };
                db.AccompanimentDocuments.Add(document);
                file.DocumentIds[level] = document.Id;
            }

            await db.SaveChangesAsync();
            var partnerUser = await db.Users.FindAsync(w.Users[Role.Partner].Id);
            partnerUser!.PartnerOrganisationId = partner.Id;
            db.Users.AddRange(otherWorker, otherPartnerUser, otherResident);
            await db.SaveChangesAsync();
        }

        Arranged.AddOrUpdate(w, file);
        return file;
    }

    public Task<HttpClient> LoginAsync(AppUser user) => World.App.LoginAsync(user.Email!);

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

    public string NotesUrl => $"/Accompaniments/{AccompanimentId}/Notes";

    public string DownloadUrl(ConfidentialityLevel level) => $"/Accompaniments/Documents/{DocumentIds[level]}/Download";
}

internal static class MultipartExtensions
{
    /// <summary>GETs <paramref name="formPage"/> for its antiforgery token, then posts a multipart form with one file.</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(this HttpClient client, string url, string formPage, Dictionary<string, string> fields,
        string fileField, string fileName, byte[] content, string contentType = "application/octet-stream")
    {
        var page = await (await client.GetAsync(formPage)).Content.ReadAsStringAsync();
        var token = page.Html().QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {formPage}:\n{page}");
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        form.Add(file, fileField, fileName);
        return await client.PostAsync(url, form);
    }
}
