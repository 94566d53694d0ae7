using Relais.Features.Partners;
using Relais.Features.Partners.DataInclusion;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Partners.DataInclusion.DataInclusionKit;

namespace Relais.Tests.Partners.DataInclusion;

/// <summary>Round trip on generated directories: any content Relais stores exports, imports elsewhere and exports the same.</summary>
public sealed class DataInclusionRoundTripTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ éèêëàâçîïôöùûüÿœæ ÉÈÀÇŒ’'«»–—…\"\\/;,.:!?()[]{}<>&%$#@+=*_\t\n0123456789ßłøñ漢字🙂";

    private static string Text(Random r, int min, int max) =>
        new(Enumerable.Range(0, r.Next(min, max + 1)).Select(_ => Alphabet[r.Next(Alphabet.Length)]).Where(c => !char.IsSurrogate(c)).ToArray());

    private static string? Maybe(Random r, Func<string> value) => r.Next(3) == 0 ? null : value();

    private static List<string> Codes(Random r, IReadOnlyList<ReferenceValue> list) =>
        [.. list.Select(v => v.Code).Where(_ => r.Next(4) == 0), .. r.Next(5) == 0 ? ["code-inconnu"] : Array.Empty<string>()];

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Generated_directories_round_trip_through_another_organisation(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var source = await World.CreateAsync(app);
        var r = new Random(20260122);
        await using (var scope = app.SystemScope(source.Id, out var db))
        {
            for (var i = 0; i < 25; i++)
            {
                var p = new PartnerOrganisation
                {
                    Name = $"{i:00} {Text(r, 0, 140)}".TrimEnd(),
                    Kind = (PartnerKind)r.Next(14),
                    Siret = Maybe(r, () => r.Next(2) == 0 ? "26690235000005" : r.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString()),
                    Description = Maybe(r, () => Text(r, 0, 400)),
                    Address = Maybe(r, () => Text(r, 0, 60)),
                    AddressComplement = Maybe(r, () => Text(r, 0, 40)),
                    PostalCode = Maybe(r, () => r.Next(2) == 0 ? r.Next(1000, 99999).ToString("00000") : "9A00"),
                    City = Maybe(r, () => Text(r, 1, 40)),
                    CommuneCode = Maybe(r, () => r.Next(2) == 0 ? "2A004" : r.Next(1000, 99999).ToString("00000")),
                    Latitude = r.Next(2) == 0 ? null : r.NextDouble() * 180 - 90,
                    Longitude = r.Next(2) == 0 ? null : r.NextDouble() * 360 - 180,
                    Phone = Maybe(r, () => Text(r, 0, 20)),
                    Email = Maybe(r, () => r.Next(2) == 0 ? $"contact{i}@structure-{i}.fr" : Text(r, 1, 20)),
                    Website = Maybe(r, () => r.Next(2) == 0 ? $"https://structure-{i}.fr/page?x={i}#haut" : Text(r, 1, 30)),
                    OpeningHours = Maybe(r, () => Text(r, 0, 80)),
                    AccessibilityUrl = Maybe(r, () => $"https://acceslibre.beta.gouv.fr/app/{i}/"),
                    Networks = Codes(r, DataInclusionCatalogue.Networks),
                    SourceName = r.Next(3) == 0 ? null : $"source-{r.Next(3)}",
                    SourceId = $"id-{i}",
                    SourceUrl = Maybe(r, () => $"https://source.example/{i}"),
                    CheckedOn = r.Next(4) == 0 ? null : new DateOnly(2024, 1, 1).AddDays(r.Next(700)),
                    IsActive = r.Next(8) != 0,
                };
                for (var k = r.Next(4); k > 0; k--)
                {
                    p.Services.Add(new PartnerService
                    {
                        Name = Text(r, 1, 150), Description = Text(r, 0, 300), IsActive = r.Next(8) != 0,
                        Type = Maybe(r, () => r.Next(2) == 0 ? "atelier" : "permanence"),
                        Themes = Codes(r, DataInclusionCatalogue.Themes), Publics = Codes(r, DataInclusionCatalogue.Publics),
                        ReceptionModes = Codes(r, DataInclusionCatalogue.ReceptionModes), MobilisationModes = Codes(r, DataInclusionCatalogue.MobilisationModes),
                        MobilisableBy = Codes(r, DataInclusionCatalogue.MobilisableBy), Fees = Maybe(r, () => r.Next(2) == 0 ? "gratuit" : "libre"),
                        FeesDetails = Maybe(r, () => Text(r, 0, 50)), PublicsDetails = Maybe(r, () => Text(r, 0, 50)),
                        AccessConditions = Maybe(r, () => Text(r, 0, 50)), MobilisationDetails = Maybe(r, () => Text(r, 0, 50)),
                        MobilisationUrl = Maybe(r, () => $"https://rdv.example/{k}"), ContactName = Maybe(r, () => Text(r, 1, 30)),
                        Email = Maybe(r, () => $"service{k}@exemple.fr"), Phone = Maybe(r, () => "01 02 03 04 05"),
                        EligibilityZone = r.Next(2) == 0 ? [] : ["94", "94038", "200054781", "france", "zone inconnue"],
                        Weeks = r.Next(3) == 0 ? null : r.Next(0, 60), WeeklyHours = r.Next(3) == 0 ? null : r.NextDouble() * 40,
                        SourceId = r.Next(2) == 0 ? null : $"svc-{i}-{k}",
                        CheckedOn = r.Next(3) == 0 ? null : new DateOnly(2025, 1, 1).AddDays(r.Next(300)),
                        Latitude = r.Next(2) == 0 ? null : 48.8, Longitude = r.Next(2) == 0 ? null : 2.35,
                    });
                }

                db.PartnerOrganisations.Add(p);
            }

            await db.SaveChangesAsync();
        }

        DataInclusionExporter.Files first;
        await using (var scope = app.SystemScope(source.Id, out var db))
        {
            first = await DataInclusionExporter.ExportAsync(db, CancellationToken.None);
        }

        var s = Validate("structure", first.Structures);
        Assert.True(s.Errors.Count == 0, string.Join("\n", s.Errors.Take(10)));
        var v = Validate("service", first.Services);
        Assert.True(v.Errors.Count == 0, string.Join("\n", v.Errors.Take(10)));
        Assert.True(first.StructureCount > 15 && first.ServiceCount > 15, $"{first.StructureCount} structures, {first.ServiceCount} services");

        var target = await World.CreateAsync(app);
        var report = await ImportAsync(target, new("structures.json", first.Structures), new("services.json", first.Services));
        Assert.True(report.Written, string.Join("\n", report.Errors.Take(10)));
        Assert.Equal((first.StructureCount, first.ServiceCount), (report.StructuresNew, report.ServicesNew));
        await using (var scope = app.SystemScope(target.Id, out var db))
        {
            var second = await DataInclusionExporter.ExportAsync(db, CancellationToken.None);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(first.Structures), System.Text.Encoding.UTF8.GetString(second.Structures));
            Assert.Equal(System.Text.Encoding.UTF8.GetString(first.Services), System.Text.Encoding.UTF8.GetString(second.Services));
        }
    }
}
