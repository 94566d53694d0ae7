using System.Text;
using Relais.Features.Ledger;

namespace Relais.Tests.Ledger;

/// <summary>Ledger files written to a temporary folder, in the encoding a test needs.</summary>
internal static class LedgerTestFiles
{
    public const string Header = "Référence locataire;Référence logement;Mois;Quittancé;Payé;APL;Solde";

    public static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    static LedgerTestFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Utf8Bom => new UTF8Encoding(true);
    public static Encoding Utf8NoBom => new UTF8Encoding(false);
    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    public static string Write(string content, Encoding? encoding = null)
    {
        var path = Path.Combine(Path.GetTempPath(), "relais-ledger-tests", $"{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, encoding ?? Utf8NoBom);
        return path;
    }

    public static string WriteBytes(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), "relais-ledger-tests", $"{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Header then lines, each ended by CRLF.</summary>
    public static string Lines(params string[] lines) => string.Concat(new[] { Header }.Concat(lines).Select(l => l + "\r\n"));

    public static (LedgerAnalysis Analysis, List<LedgerFileLine> Lines) Read(string content, LedgerImportOptions? options = null, Encoding? encoding = null)
    {
        var path = Write(content, encoding);
        try
        {
            return LedgerImporter.ReadFile(path, options ?? new LedgerImportOptions(), Now);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string Errors(LedgerAnalysis analysis) =>
        string.Join("\n", analysis.Report.Errors.Select(e => $"{e.Line}|{e.Column}|{e.Value}|{e.Reason}"));
}
