using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Relais.Features.Ledger;

namespace Relais.Tests.Ledger;

/// <summary>Property: what the exporter writes, the importer reads back identically.</summary>
public sealed class LedgerRoundTripTests
{
    /// <summary>Letters, French accents, the euro sign and the characters that need quoting (quotes, semicolons).</summary>
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éèêëàâçùûîïôÉÈÀÇÔœŒ€ -_'\";,./()°";

    private static readonly DateOnly[] Months = Enumerable.Range(0, 138).Select(i => new DateOnly(2015, 1, 1).AddMonths(i)).ToArray();

    private static Gen<string> Text(int min, int max) =>
        Gen.Choose(min, max)
            .SelectMany(length => Gen.ArrayOf(Gen.Elements(Alphabet.ToCharArray()), length))
            .Select(chars => new string(chars).Trim());

    private static Gen<decimal> Amount(int minCents, int maxCents) => Gen.Choose(minCents, maxCents).Select(c => c / 100m);

    private static readonly Gen<(decimal Billed, decimal Paid, decimal Benefit, decimal Balance)> Amounts =
        from billed in Amount(0, 5_000_000)
        from paid in Amount(0, 5_000_000)
        from benefit in Gen.Elements(0m, 0m, 123.45m).SelectMany(b => b == 0 ? Gen.Constant(0m) : Amount(0, 100_000))
        from balance in Amount(-100_000_000, 100_000_000)
        select (billed, paid, benefit, balance);

    private static Gen<List<LedgerFileLine>> HouseholdLines(string reference) =>
        from dwelling in Text(0, 40)
        from months in Gen.SubListOf(Months)
        from amounts in Gen.ArrayOf(Amounts, months.Count)
        select months.Select((m, i) => new LedgerFileLine(reference, dwelling, m, amounts[i].Billed, amounts[i].Paid, amounts[i].Benefit, amounts[i].Balance)).ToList();

    public sealed record Case(List<LedgerFileLine> Lines, bool Utf8, bool SayEncoding);

    private static readonly Gen<Case> Cases =
        from references in Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Text(1, 40).Where(r => r.Length > 0), n))
        from perHousehold in Sequence(references.Distinct(StringComparer.Ordinal).Select(HouseholdLines))
        from shuffled in Gen.Shuffle(perHousehold.SelectMany(l => l))
        from utf8 in Gen.Elements(true, false)
        from sayEncoding in Gen.Elements(true, false)
        where shuffled.Length > 0
        select new Case(shuffled.ToList(), utf8, sayEncoding);

    private static Gen<List<T>[]> Sequence<T>(IEnumerable<Gen<List<T>>> gens) =>
        gens.Aggregate(Gen.Constant(Array.Empty<List<T>>()), (acc, gen) => acc.SelectMany(list => gen.Select(item => list.Append(item).ToArray())));

    [Fact]
    public void What_the_exporter_writes_the_importer_reads_back_identically()
    {
        var property = Prop.ForAll(Arb.From(Cases), c =>
        {
            var encoding = c.Utf8 ? LedgerExporter.Utf8WithBom : LedgerExporter.Windows1252;
            var path = Path.Combine(Path.GetTempPath(), "relais-ledger-tests", $"{Guid.NewGuid():N}.csv");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                using (var output = File.Create(path))
                {
                    LedgerExporter.Write(output, encoding, c.Lines);
                }

                var options = new LedgerImportOptions
                {
                    Encoding = !c.SayEncoding ? LedgerEncodingChoice.Auto : c.Utf8 ? LedgerEncodingChoice.Utf8 : LedgerEncodingChoice.Windows1252,
                };
                var (analysis, read) = LedgerImporter.ReadFile(path, options, LedgerTestFiles.Now);
                Assert.True(analysis.Accepted, LedgerTestFiles.Errors(analysis));
                Assert.Equal(c.Utf8 ? "utf-8" : "windows-1252", analysis.Format.EncodingName);
                Assert.Equal(c.Lines, read);
            }
            finally
            {
                File.Delete(path);
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), property);
    }

    [Fact]
    public void The_exporter_quotes_what_needs_it_and_writes_french_amounts_and_dates()
    {
        using var output = new MemoryStream();
        LedgerExporter.Write(output, LedgerExporter.Utf8WithBom,
            [new LedgerFileLine("LOC;1 \"bis\"", "Bât. A", new DateOnly(2025, 3, 1), 1240.5m, 1000m, 0m, -12.34m)]);
        var bytes = output.ToArray();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal(
            "Référence locataire;Référence logement;Mois;Quittancé;Payé;APL;Solde\r\n\"LOC;1 \"\"bis\"\"\";Bât. A;01/03/2025;1240,50;1000,00;0,00;-12,34\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public void The_windows_1252_exporter_refuses_a_character_it_cannot_write_instead_of_a_question_mark()
    {
        using var output = new MemoryStream();
        Assert.ThrowsAny<EncoderFallbackException>(() => LedgerExporter.Write(output, LedgerExporter.Windows1252,
            [new LedgerFileLine("LOC-Ő", "", new DateOnly(2025, 3, 1), 1m, 1m, 0m, 0m)]));
    }
}
