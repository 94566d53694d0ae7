using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Ledger;

/// <summary>One line of a ledger file, as written by <see cref="LedgerExporter"/> and read back by the importer.</summary>
public sealed record LedgerFileLine(string TenantReference, string DwellingReference, DateOnly Month, decimal Billed, decimal Paid, decimal HousingBenefit, decimal Balance);

/// <summary>
/// Writes the ledger in the French format the importer reads: <c>;</c> between columns, decimal comma, months as
/// <c>dd/MM/yyyy</c>, values quoted when they hold a <c>;</c>, a quote or a line break, in UTF-8 with a byte order
/// mark (what spreadsheets expect) or in Windows-1252.
/// </summary>
public static class LedgerExporter
{
    public static Encoding Utf8WithBom { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>Windows-1252 that refuses, rather than replaces with "?", a character it cannot write.</summary>
    public static Encoding Windows1252 => LedgerEncoding.Windows1252;

    public static TextWriter CreateWriter(Stream output, Encoding encoding) =>
        new StreamWriter(output, encoding, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };

    public static void WriteHeader(TextWriter writer) =>
        writer.WriteLine(string.Join(';', LedgerFields.All.Select(LedgerFields.Label)));

    public static void WriteLine(TextWriter writer, LedgerFileLine line)
    {
        Value(writer, line.TenantReference);
        writer.Write(';');
        Value(writer, line.DwellingReference);
        writer.Write(';');
        writer.Write(line.Month.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        writer.Write(';');
        Amount(writer, line.Billed);
        writer.Write(';');
        Amount(writer, line.Paid);
        writer.Write(';');
        Amount(writer, line.HousingBenefit);
        writer.Write(';');
        Amount(writer, line.Balance);
        writer.WriteLine();
    }

    public static void Write(Stream output, Encoding encoding, IEnumerable<LedgerFileLine> lines)
    {
        using var writer = CreateWriter(output, encoding);
        WriteHeader(writer);
        foreach (var line in lines)
        {
            WriteLine(writer, line);
        }
    }

    /// <summary>Streams the organisation's whole ledger (filtered by the context's organisation), by reference then month.</summary>
    public static async Task<long> ExportAsync(RelaisDbContext db, Stream output, Encoding encoding, CancellationToken ct)
    {
        await using var writer = CreateWriter(output, encoding);
        WriteHeader(writer);
        long count = 0;
        var lines = db.RentLedgerLines.AsNoTracking()
            .Join(db.Households, l => l.HouseholdId, h => h.Id, (l, h) => new { l, h.TenantReference })
            .OrderBy(x => x.TenantReference).ThenBy(x => x.l.Month)
            .Select(x => new LedgerFileLine(x.TenantReference, x.l.DwellingReference, x.l.Month, x.l.Billed, x.l.Paid, x.l.HousingBenefit, x.l.Balance))
            .AsAsyncEnumerable();
        await foreach (var line in lines.WithCancellation(ct))
        {
            WriteLine(writer, line);
            count++;
        }

        return count;
    }

    private static void Value(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(";\"\r\n") < 0 && value.Trim() == value)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    private static void Amount(TextWriter writer, decimal amount)
    {
        var cents = decimal.ToInt64(decimal.Round(amount * 100, MidpointRounding.AwayFromZero));
        writer.Write(LedgerValues.FormatCents(cents, ',', thousands: ""));
    }
}
