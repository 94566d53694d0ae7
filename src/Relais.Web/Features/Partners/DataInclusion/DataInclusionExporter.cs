using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.DataInclusion;

/// <summary>
/// Writes the organisation's directory (active structures and their active services) in the data·inclusion v1 schema:
/// <c>structures.json</c> and <c>services.json</c>, each a JSON array, UTF-8 without BOM. Identity: "source" is the
/// structure's <see cref="PartnerOrganisation.SourceName"/> or "relais" for a structure entered in Relais, "id" its
/// <see cref="PartnerOrganisation.SourceId"/> or its Relais identifier; a service takes its structure's source, and its
/// own SourceId or Relais identifier. "date_maj" is the checked date, or the last update's date. Every property of the
/// schema is written, null when absent; a stored value the schema would refuse (a code no longer in the reference
/// lists, a malformed e-mail or URL entered by hand) is written as null (or left out of a list), so that the export
/// always validates.
/// </summary>
public static class DataInclusionExporter
{
    public const string RelaisSource = "relais";

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed record Files(byte[] Structures, byte[] Services, int StructureCount, int ServiceCount);

    public static async Task<Files> ExportAsync(RelaisDbContext db, CancellationToken ct)
    {
        // Sorted here, not by the database, so that both providers write the same file.
        var structures = (await db.PartnerOrganisations.AsNoTracking().Where(p => p.IsActive).ToListAsync(ct))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id).ToList();
        var services = await db.PartnerServices.AsNoTracking().Where(s => s.IsActive).ToListAsync(ct);
        var byStructure = structures.ToDictionary(s => s.Id);
        var exported = services.Where(s => byStructure.ContainsKey(s.PartnerOrganisationId))
            .OrderBy(s => byStructure[s.PartnerOrganisationId].Name, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id)
            .ToList();
        var structureBytes = WriteArray(structures, WriteStructure);
        var serviceBytes = WriteArray(exported, (w, s) => WriteService(w, s, byStructure[s.PartnerOrganisationId]));
        return new Files(structureBytes, serviceBytes, structures.Count, exported.Count);
    }

    public static byte[] Zip(Files files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in new[] { ("structures.json", files.Structures), ("services.json", files.Services) })
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    public static string SourceOf(PartnerOrganisation p) => string.IsNullOrWhiteSpace(p.SourceName) ? RelaisSource : p.SourceName;

    public static string IdOf(PartnerOrganisation p) => string.IsNullOrWhiteSpace(p.SourceId) ? p.Id.ToString("D") : p.SourceId;

    public static string IdOf(PartnerService s) => string.IsNullOrWhiteSpace(s.SourceId) ? s.Id.ToString("D") : s.SourceId;

    private static byte[] WriteArray<T>(IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Indented))
        {
            w.WriteStartArray();
            foreach (var item in items)
            {
                write(w, item);
            }

            w.WriteEndArray();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>One structure as a data·inclusion object (also used to tell whether an import changed a structure).</summary>
    public static void WriteStructure(Utf8JsonWriter w, PartnerOrganisation p)
    {
        w.WriteStartObject();
        w.WriteString("source", SourceOf(p));
        w.WriteString("id", IdOf(p));
        w.WriteString("nom", Name(p.Name));
        String(w, "siret", DataInclusionRules.IsSiretShape(p.Siret) ? p.Siret : null);
        String(w, "description", Optional(p.Description, 5, 10000));
        String(w, "adresse", Blank(p.Address));
        String(w, "complement_adresse", Blank(p.AddressComplement));
        String(w, "code_postal", DataInclusionRules.IsPostalCode(p.PostalCode) ? p.PostalCode : null);
        String(w, "commune", Blank(p.City));
        String(w, "code_insee", DataInclusionRules.IsInseeCode(p.CommuneCode) ? p.CommuneCode : null);
        Number(w, "latitude", p.Latitude);
        Number(w, "longitude", p.Longitude);
        String(w, "telephone", Blank(p.Phone));
        String(w, "courriel", DataInclusionRules.IsEmail(p.Email) ? p.Email : null);
        String(w, "site_web", DataInclusionRules.IsUri(p.Website) ? p.Website : null);
        String(w, "lien_source", DataInclusionRules.IsUri(p.SourceUrl) ? p.SourceUrl : null);
        String(w, "horaires_accueil", Blank(p.OpeningHours));
        String(w, "accessibilite_lieu", DataInclusionRules.IsUri(p.AccessibilityUrl) ? p.AccessibilityUrl : null);
        Codes(w, "reseaux_porteurs", p.Networks, DataInclusionCatalogue.Networks);
        w.WriteString("date_maj", DataInclusionRules.FormatDate(p.CheckedOn ?? DateOnly.FromDateTime(p.UpdatedAt.UtcDateTime)));
        w.WriteEndObject();
    }

    /// <summary>One service as a data·inclusion object.</summary>
    public static void WriteService(Utf8JsonWriter w, PartnerService s, PartnerOrganisation structure)
    {
        w.WriteStartObject();
        w.WriteString("source", SourceOf(structure));
        w.WriteString("structure_id", IdOf(structure));
        w.WriteString("id", IdOf(s));
        w.WriteString("nom", Name(s.Name));
        w.WriteString("description", Optional(s.Description, 5, 10000) ?? Optional($"{s.Name} : {s.Description}", 5, 10000) ?? $"Service « {s.Name} »");
        String(w, "type", DataInclusionCatalogue.IsKnown(DataInclusionCatalogue.ServiceTypes, s.Type ?? "") ? s.Type : null);
        Codes(w, "thematiques", s.Themes, DataInclusionCatalogue.Themes);
        Codes(w, "publics", s.Publics, DataInclusionCatalogue.Publics);
        String(w, "publics_precisions", Blank(s.PublicsDetails));
        String(w, "conditions_acces", Blank(s.AccessConditions));
        String(w, "frais", DataInclusionCatalogue.IsKnown(DataInclusionCatalogue.Fees, s.Fees ?? "") ? s.Fees : null);
        String(w, "frais_precisions", Blank(s.FeesDetails));
        Codes(w, "modes_accueil", s.ReceptionModes, DataInclusionCatalogue.ReceptionModes);
        Codes(w, "modes_mobilisation", s.MobilisationModes, DataInclusionCatalogue.MobilisationModes);
        Codes(w, "mobilisable_par", s.MobilisableBy, DataInclusionCatalogue.MobilisableBy);
        String(w, "mobilisation_precisions", Blank(s.MobilisationDetails));
        String(w, "lien_mobilisation", DataInclusionRules.IsUri(s.MobilisationUrl) ? s.MobilisationUrl : null);
        String(w, "contact_nom_prenom", Blank(s.ContactName));
        String(w, "telephone", Blank(s.Phone));
        String(w, "courriel", DataInclusionRules.IsEmail(s.Email) ? s.Email : null);
        String(w, "adresse", Blank(s.Address));
        String(w, "complement_adresse", Blank(s.AddressComplement));
        String(w, "code_postal", DataInclusionRules.IsPostalCode(s.PostalCode) ? s.PostalCode : null);
        String(w, "commune", Blank(s.City));
        String(w, "code_insee", DataInclusionRules.IsInseeCode(s.CommuneCode) ? s.CommuneCode : null);
        Number(w, "latitude", s.Latitude);
        Number(w, "longitude", s.Longitude);
        String(w, "horaires_accueil", Blank(s.OpeningHours));
        var zone = s.EligibilityZone.Where(DataInclusionRules.IsZoneCode).ToList();
        if (zone.Count == 0)
        {
            w.WriteNull("zone_eligibilite");
        }
        else
        {
            w.WriteStartArray("zone_eligibilite");
            zone.ForEach(w.WriteStringValue);
            w.WriteEndArray();
        }

        if (s.Weeks is >= 1 and var weeks)
        {
            w.WriteNumber("nombre_semaines", weeks);
        }
        else
        {
            w.WriteNull("nombre_semaines");
        }

        Number(w, "volume_horaire_hebdomadaire", s.WeeklyHours is >= 0 ? s.WeeklyHours : null);
        String(w, "lien_source", DataInclusionRules.IsUri(s.SourceUrl) ? s.SourceUrl : null);
        w.WriteString("date_maj", DataInclusionRules.FormatDate(s.CheckedOn ?? DateOnly.FromDateTime(s.UpdatedAt.UtcDateTime)));
        w.WriteEndObject();
    }

    /// <summary>The JSON text of one structure or service, to compare before and after an import.</summary>
    internal static string Fingerprint(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>"nom": 3 to 150 characters.</summary>
    private static string Name(string name)
    {
        var n = name.Trim();
        n = n.Length < 3 ? $"Structure {n}".Trim() : n;
        return n.Length > 150 ? n[..150].TrimEnd() : n;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string? Optional(string? s, int min, int max) =>
        string.IsNullOrWhiteSpace(s) || s.Length < min ? null : s.Length > max ? s[..max] : s;

    private static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>A list of known codes, each once; null when none is left (the schema's lists may not be empty).</summary>
    private static void Codes(Utf8JsonWriter w, string name, IEnumerable<string> codes, IReadOnlyList<ReferenceValue> list)
    {
        var known = codes.Where(c => DataInclusionCatalogue.IsKnown(list, c)).Distinct(StringComparer.Ordinal).ToList();
        if (known.Count == 0)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        known.ForEach(w.WriteStringValue);
        w.WriteEndArray();
    }
}
