using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.DataInclusion;

/// <summary>An uploaded file: its name (for the report) and its bytes.</summary>
public sealed record DataInclusionUpload(string FileName, byte[] Bytes);

/// <summary>
/// Imports data·inclusion structures (and their services) into the organisation's directory, from the page and from
/// the command line alike. All or nothing: the files are read and every object checked first; any error and nothing is
/// written. The writes then happen in one transaction.
/// <para>Identity: a structure is its ("source", "id") — <see cref="PartnerOrganisation.SourceName"/>,
/// <see cref="PartnerOrganisation.SourceId"/>; a service is its "id" within its structure
/// (<see cref="PartnerService.SourceId"/>). Importing the same file again updates, never duplicates. A structure
/// exported by Relais itself (source "relais", id = its Relais identifier) is recognised too.</para>
/// <para>Names (unique in a directory): a new structure whose name is that of a structure entered by hand (with no
/// source) is merged into it — the existing entry takes the imported values and identity, keeping its contacts,
/// coverage, agreements and services. When the name is taken by a structure of another source or id (or by an earlier
/// object of the same file), the imported structure is named « nom (commune) », or « nom (source) », with a warning.</para>
/// <para>Nothing is deleted: structures and services absent from the file stay as they are. Relais-only fields (type of
/// partner, active flag, contacts, coverage, agreements) are kept on update; the type of a new structure is guessed
/// from its "reseaux_porteurs".</para>
/// </summary>
public sealed class DataInclusionImporter(RelaisDbContext db)
{
    public const int PreviewRows = 10;

    /// <summary>Test hook: runs after the writes, before the commit (a throw there must leave the database unchanged).</summary>
    internal Func<Task>? BeforeCommit { get; set; }

    /// <summary>Checks the files and computes what the import does; writes only when <paramref name="write"/> and the files are accepted.</summary>
    public async Task<DataInclusionReport> ImportAsync(DataInclusionUpload structures, DataInclusionUpload? services, bool write, CancellationToken ct)
    {
        var report = new DataInclusionReport();
        var structureRecords = ReadAll(structures, report, DataInclusionRules.Structure);
        var serviceRecords = services is null ? [] : ReadAll(services, report, DataInclusionRules.Service);
        report.StructuresRead = structureRecords.Count;
        report.ServicesRead = serviceRecords.Count;
        if (structureRecords.Count == 0 && report.ErrorCount == 0)
        {
            report.Error(new DataInclusionIssue(structures.FileName, null, null, "", "", "Le fichier ne contient aucune structure (tableau vide)."));
        }

        Duplicates(structureRecords, structures.FileName, r => (r.Source, r.Id), r => r.Item, "structure", report);
        if (services is not null)
        {
            Duplicates(serviceRecords, services.FileName, r => (r.Source, r.Id), r => r.Item, "service", report);
        }

        try
        {
            await ApplyAsync(structureRecords, structures.FileName, serviceRecords, services?.FileName ?? "", report, ct);
            if (!write || !report.Accepted)
            {
                return report;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
                if (BeforeCommit is not null)
                {
                    await BeforeCommit();
                }

                await transaction.CommitAsync(ct);
                report.Written = true;
            }
            catch (DbUpdateException)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                report.Error(new DataInclusionIssue(structures.FileName, null, null, "", "",
                    "L’annuaire a été modifié pendant l’import (une fiche modifiée ou créée en même temps) : rien n’a été écrit. Relancez l’import."));
            }

            return report;
        }
        finally
        {
            // A preview or a refused file leaves nothing tracked behind.
            db.ChangeTracker.Clear();
        }
    }

    private static List<T> ReadAll<T>(DataInclusionUpload upload, DataInclusionReport report, Func<DataInclusionItem, string, DataInclusionReport, T?> check)
        where T : class
    {
        var read = DataInclusionFile.Read(upload.Bytes, upload.FileName);
        if (read.Error is { } error)
        {
            report.Error(error);
            return [];
        }

        var records = new List<T>();
        foreach (var item in read.Items)
        {
            if (check(item, upload.FileName, report) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    private static void Duplicates<T>(List<T> records, string file, Func<T, (string, string)> key, Func<T, DataInclusionItem> itemOf, string what, DataInclusionReport report)
    {
        var seen = new Dictionary<(string, string), DataInclusionItem>();
        foreach (var r in records)
        {
            var item = itemOf(r);
            var k = key(r);
            if (!seen.TryAdd(k, item))
            {
                var first = seen[k];
                report.Error(new DataInclusionIssue(file, item.Index, item.Line, "id", k.Item2,
                    $"la {what} « {k.Item1} » / « {k.Item2} » figure déjà plus haut (objet n° {first.Index}{(first.Line is { } l ? $", ligne {l}" : "")}) : chaque {what} une seule fois"));
            }
        }
    }

    private async Task ApplyAsync(List<StructureRecord> structureRecords, string structuresFile, List<ServiceRecord> serviceRecords, string servicesFile, DataInclusionReport report, CancellationToken ct)
    {
        var existing = await db.PartnerOrganisations.Include(p => p.Services).ToListAsync(ct);
        var byIdentity = new Dictionary<(string, string), PartnerOrganisation>();
        foreach (var p in existing)
        {
            byIdentity.TryAdd((DataInclusionExporter.SourceOf(p), DataInclusionExporter.IdOf(p)), p);
        }

        var taken = new HashSet<string>(existing.Select(p => p.Name), StringComparer.Ordinal);
        var handMadeByName = existing.Where(p => p.SourceName == null).GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var claimed = new HashSet<Guid>();
        var resolved = new Dictionary<(string, string), PartnerOrganisation>();
        var rows = new List<(StructureRecord Record, PartnerOrganisation Target, ImportOutcome Outcome)>();
        foreach (var r in structureRecords)
        {
            var target = byIdentity.GetValueOrDefault((r.Source, r.Id));
            if (target is not null && !claimed.Add(target.Id))
            {
                target = null;
            }

            if (target is null && handMadeByName.GetValueOrDefault(r.Name) is { } handMade && !claimed.Contains(handMade.Id))
            {
                target = handMade;
                claimed.Add(handMade.Id);
                report.Warning(new DataInclusionIssue(structuresFile, r.Item.Index, r.Item.Line, "nom", r.Name,
                    "une structure de ce nom, saisie dans Relais, existe déjà : elle est complétée par ces données (ses contacts, territoires et conventions sont conservés)"));
            }

            var before = target is null ? null : DataInclusionExporter.Fingerprint(w => DataInclusionExporter.WriteStructure(w, target));
            var name = NameFor(r, target, taken);
            if (name != r.Name)
            {
                report.Warning(new DataInclusionIssue(structuresFile, r.Item.Index, r.Item.Line, "nom", r.Name,
                    $"une autre structure de l’annuaire porte déjà ce nom : celle-ci est importée sous le nom « {name} »"));
            }

            if (target is null)
            {
                target = new PartnerOrganisation { Name = name, Kind = KindOf(r.Networks) };
                db.PartnerOrganisations.Add(target);
            }
            else
            {
                taken.Remove(target.Name);
            }

            taken.Add(name);
            Assign(target, r, name);
            resolved[(r.Source, r.Id)] = target;
            var after = DataInclusionExporter.Fingerprint(w => DataInclusionExporter.WriteStructure(w, target));
            var outcome = before is null ? ImportOutcome.New : before == after ? ImportOutcome.Unchanged : ImportOutcome.Updated;
            rows.Add((r, target, outcome));
            _ = outcome switch
            {
                ImportOutcome.New => report.StructuresNew++,
                ImportOutcome.Updated => report.StructuresUpdated++,
                _ => report.StructuresUnchanged++,
            };
        }

        foreach (var v in serviceRecords)
        {
            var structure = resolved.GetValueOrDefault((v.Source, v.StructureId)) ?? byIdentity.GetValueOrDefault((v.Source, v.StructureId));
            if (structure is null)
            {
                report.Error(new DataInclusionIssue(servicesFile, v.Item.Index, v.Item.Line, "structure_id", DataInclusionRules.Clip(v.StructureId),
                    $"structure inconnue : aucune structure de source « {v.Source} » et d’identifiant « {v.StructureId} » dans le fichier des structures ni dans l’annuaire"));
                continue;
            }

            var service = structure.Services.FirstOrDefault(s => DataInclusionExporter.IdOf(s) == v.Id);
            var before = service is null ? null : DataInclusionExporter.Fingerprint(w => DataInclusionExporter.WriteService(w, service, structure));
            if (service is null)
            {
                // Added explicitly: a new entity with its key already set, found through a navigation, would be taken for an existing row.
                service = new PartnerService { Name = v.Name, Description = v.Description, PartnerOrganisationId = structure.Id };
                structure.Services.Add(service);
                db.PartnerServices.Add(service);
            }

            Assign(service, v);
            var after = DataInclusionExporter.Fingerprint(w => DataInclusionExporter.WriteService(w, service, structure));
            _ = before is null ? report.ServicesNew++ : before == after ? report.ServicesUnchanged++ : report.ServicesUpdated++;
        }

        var servicesPerStructure = serviceRecords.GroupBy(v => (v.Source, v.StructureId)).ToDictionary(g => g.Key, g => g.Count());
        report.FirstRows.AddRange(rows.Take(PreviewRows).Select(x => new ImportedStructureRow(
            x.Target.Name, x.Record.City, x.Record.Source, x.Record.Id, x.Outcome, servicesPerStructure.GetValueOrDefault((x.Record.Source, x.Record.Id)))));
    }

    /// <summary>The imported name, or « nom (commune) » / « nom (source) » / « nom (source id) » when another structure has it.</summary>
    private static string NameFor(StructureRecord r, PartnerOrganisation? target, HashSet<string> taken)
    {
        bool Free(string n) => !taken.Contains(n) || target?.Name == n;
        string[] candidates =
        [
            r.Name,
            .. r.City is { Length: > 0 } city ? new[] { $"{r.Name} ({city})" } : [],
            $"{r.Name} ({r.Source})",
            $"{r.Name} ({r.Source} {r.Id})",
        ];
        foreach (var c in candidates.Select(c => c.Length > 160 ? c[..160] : c))
        {
            if (Free(c))
            {
                return c;
            }
        }

        for (var n = 2; ; n++)
        {
            var c = $"{r.Name[..Math.Min(r.Name.Length, 140)]} ({n})";
            if (Free(c))
            {
                return c;
            }
        }
    }

    private static PartnerKind KindOf(List<string> networks) =>
        networks.Select(n => n switch
        {
            "ccas-cias" => PartnerKind.Ccas,
            "caf" => PartnerKind.Caf,
            "cpam" or "cnam" => PartnerKind.Cpam,
            "departements" or "maisons-des-solidarites" or "delegataire-conseil-departemental" => PartnerKind.Departement,
            "mission-locale" => PartnerKind.MissionLocale,
            _ => PartnerKind.Other,
        }).FirstOrDefault(k => k != PartnerKind.Other);

    private static void Assign(PartnerOrganisation p, StructureRecord r, string name)
    {
        p.Name = name;
        p.SourceName = r.Source;
        p.SourceId = r.Id;
        p.CheckedOn = r.CheckedOn;
        p.Siret = r.Siret;
        p.Description = r.Description;
        p.Address = r.Address;
        p.AddressComplement = r.AddressComplement;
        p.PostalCode = r.PostalCode;
        p.City = r.City;
        p.CommuneCode = r.CommuneCode;
        p.Latitude = r.Latitude;
        p.Longitude = r.Longitude;
        p.Phone = r.Phone;
        p.Email = r.Email;
        p.Website = r.Website;
        p.SourceUrl = r.SourceUrl;
        p.OpeningHours = r.OpeningHours;
        p.AccessibilityUrl = r.AccessibilityUrl;
        if (!p.Networks.SequenceEqual(r.Networks))
        {
            p.Networks = [.. r.Networks];
        }
    }

    private static void Assign(PartnerService s, ServiceRecord v)
    {
        s.SourceId = v.Id;
        s.Name = v.Name;
        s.Description = v.Description;
        s.CheckedOn = v.CheckedOn;
        s.Type = v.Type;
        s.PublicsDetails = v.PublicsDetails;
        s.AccessConditions = v.AccessConditions;
        s.Fees = v.Fees;
        s.FeesDetails = v.FeesDetails;
        s.MobilisationDetails = v.MobilisationDetails;
        s.MobilisationUrl = v.MobilisationUrl;
        s.ContactName = v.ContactName;
        s.Phone = v.Phone;
        s.Email = v.Email;
        s.Address = v.Address;
        s.AddressComplement = v.AddressComplement;
        s.PostalCode = v.PostalCode;
        s.City = v.City;
        s.CommuneCode = v.CommuneCode;
        s.Latitude = v.Latitude;
        s.Longitude = v.Longitude;
        s.OpeningHours = v.OpeningHours;
        s.Weeks = v.Weeks;
        s.WeeklyHours = v.WeeklyHours;
        s.SourceUrl = v.SourceUrl;
        // Lists are replaced only when they differ, so that an unchanged service is not rewritten.
        if (!s.Themes.SequenceEqual(v.Themes)) s.Themes = [.. v.Themes];
        if (!s.Publics.SequenceEqual(v.Publics)) s.Publics = [.. v.Publics];
        if (!s.ReceptionModes.SequenceEqual(v.ReceptionModes)) s.ReceptionModes = [.. v.ReceptionModes];
        if (!s.MobilisationModes.SequenceEqual(v.MobilisationModes)) s.MobilisationModes = [.. v.MobilisationModes];
        if (!s.MobilisableBy.SequenceEqual(v.MobilisableBy)) s.MobilisableBy = [.. v.MobilisableBy];
        if (!s.EligibilityZone.SequenceEqual(v.EligibilityZone)) s.EligibilityZone = [.. v.EligibilityZone];
    }
}
