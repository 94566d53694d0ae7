using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Partners;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Partners.Directory;

/// <summary>A structure with a contact, a coverage row, a service and an agreement with its PDF stored, for one world.</summary>
public sealed record DirectoryIds(Guid PartnerId, Guid ServiceId, Guid AgreementId, Guid ContactId)
{
    private static readonly ConcurrentDictionary<Guid, DirectoryIds> ByWorld = new();

    public static DirectoryIds Of(World world) => ByWorld[world.Id];

    public static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.7\n% {text}\n%%EOF\n");

    public static async Task<DirectoryIds> ArrangeAsync(World world, string name = "CCAS de Villejuif")
    {
        var store = world.App.Services.GetRequiredService<DocumentStore>();
        var saved = await store.SaveAsync(world.Id, new MemoryStream(Pdf("convention")), CancellationToken.None);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var partner = new PartnerOrganisation { Name = name, Kind = PartnerKind.Ccas, Siret = "73282932000074", OrganisationId = world.Id, City = "Villejuif", CommuneCode = "94076" };
        var contact = new PartnerContact { Name = "Inès Caron", Function = "Conseillère ESF", OrganisationId = world.Id, PartnerOrganisationId = partner.Id };
        var service = new PartnerService
        {
            Name = "Aide au maintien dans le logement", Description = "Accompagnement des locataires en difficulté de paiement.", OrganisationId = world.Id,
            PartnerOrganisationId = partner.Id, Themes = ["logement-hebergement--se-maintenir-dans-le-logement"],
        };
        var agreement = new PartnerAgreement
        {
            Title = "Convention de partenariat 2026", OrganisationId = world.Id, PartnerOrganisationId = partner.Id, StartsOn = new DateOnly(2026, 1, 1),
            DocumentFileName = "convention.pdf", DocumentContentType = "application/pdf", DocumentSize = saved.Size, DocumentStorageKey = saved.StorageName,
        };
        db.PartnerOrganisations.Add(partner);
        db.PartnerContacts.Add(contact);
        db.PartnerCoverage.Add(new PartnerCoverage { OrganisationId = world.Id, PartnerOrganisationId = partner.Id, Code = "94076" });
        db.PartnerServices.Add(service);
        db.PartnerAgreements.Add(agreement);
        await db.SaveChangesAsync();
        var ids = new DirectoryIds(partner.Id, service.Id, agreement.Id, contact.Id);
        ByWorld[world.Id] = ids;
        return ids;
    }

    /// <summary>The fields of a valid structure form, to be overridden by a test.</summary>
    public static Dictionary<string, string> Structure(string name, string? siret = "732 829 320 00074") => new()
    {
        ["Input.Name"] = name,
        ["Input.Kind"] = nameof(PartnerKind.Association),
        ["Input.Siret"] = siret ?? "",
        ["Input.Description"] = "Médiation sociale de proximité.",
        ["Input.Address"] = "3 place de la Mairie",
        ["Input.PostalCode"] = "94240",
        ["Input.City"] = "L’Haÿ-les-Roses",
        ["Input.CommuneCode"] = "94038",
        ["Input.Phone"] = "01 46 00 00 00",
        ["Input.Email"] = "contact@mediation.example.org",
        ["Input.Website"] = "https://mediation.example.org",
        ["Input.IsActive"] = "true",
        ["Input.Version"] = "0",
    };
}
