using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Relais.Features.Ledger;

public enum LedgerEncodingChoice
{
    [Display(Name = "Détection automatique")] Auto = 0,
    [Display(Name = "UTF-8")] Utf8 = 1,
    [Display(Name = "Windows-1252")] Windows1252 = 2,
}

/// <summary>What a full scan of the bytes says about the file's encoding.</summary>
public sealed record EncodingProbe(long Length, int BomLength, bool Utf16Bom, bool IsValidUtf8, bool HasNonAscii, long FirstInvalidUtf8Line);

/// <summary>
/// Chooses how to decode a file, never by guessing: the bytes are checked as strict UTF-8 from end to end, and
/// Windows-1252 is used only when they are not valid UTF-8 (or when the user says so and the bytes agree).
/// </summary>
public static class LedgerEncoding
{
    static LedgerEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Strict UTF-8: invalid bytes throw instead of becoming U+FFFD.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding Windows1252 { get; } = CreateWindows1252();

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    public static string Name(Encoding encoding) => encoding.CodePage == 1252 ? "windows-1252" : "utf-8";

    public static string Label(Encoding encoding) => encoding.CodePage == 1252 ? "Windows-1252" : "UTF-8";

    public static LedgerEncodingChoice? ParseChoice(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => LedgerEncodingChoice.Auto,
        "utf-8" or "utf8" => LedgerEncodingChoice.Utf8,
        "windows-1252" or "cp1252" or "1252" or "ansi" or "latin1" or "iso-8859-1" or "iso-8859-15" => LedgerEncodingChoice.Windows1252,
        _ => null,
    };

    /// <summary>Reads the whole stream once (64 KB at a time) and reports whether it is valid UTF-8, and where it is not.</summary>
    public static EncodingProbe Probe(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024 + 4);
        var scratch = ArrayPool<char>.Shared.Rent(64 * 1024 + 4);
        try
        {
            long length = 0;
            long lines = 1;
            var carry = 0;
            var first = true;
            var bom = 0;
            var utf16 = false;
            var valid = true;
            var nonAscii = false;
            long invalidLine = 0;
            while (true)
            {
                var read = stream.Read(buffer, carry, 64 * 1024);
                length += read;
                var available = carry + read;
                var final = read == 0;
                var span = buffer.AsSpan(0, available);
                if (first && (available >= 3 || final))
                {
                    first = false;
                    if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                    {
                        bom = 3;
                    }
                    else if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
                    {
                        utf16 = true;
                    }
                }

                carry = 0;
                if (!valid || Ascii.IsValid(span))
                {
                    lines += span.Count((byte)'\n');
                }
                else
                {
                    nonAscii = true;
                    var offset = 0;
                    while (offset < span.Length)
                    {
                        var status = System.Text.Unicode.Utf8.ToUtf16(span[offset..], scratch, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                        if (status == OperationStatus.InvalidData)
                        {
                            valid = false;
                            lines += span[..(offset + consumed)].Count((byte)'\n');
                            invalidLine = lines;
                            lines += span[(offset + consumed)..].Count((byte)'\n');
                            break;
                        }

                        offset += consumed;
                        if (status == OperationStatus.NeedMoreData)
                        {
                            break;
                        }
                    }

                    if (valid)
                    {
                        var rest = span.Length - offset;
                        lines += span[..offset].Count((byte)'\n');
                        if (rest > 0)
                        {
                            span[offset..].CopyTo(buffer); // an incomplete sequence waits for the next block
                            carry = rest;
                        }
                    }
                }

                if (final)
                {
                    break;
                }
            }

            return new EncodingProbe(length, bom, utf16, valid, nonAscii, invalidLine);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    /// <summary>The encoding to read with, or a French refusal that tells the user what to choose.</summary>
    public static (Encoding? Encoding, string? Problem, string? Note) Choose(EncodingProbe probe, LedgerEncodingChoice choice)
    {
        if (probe.Utf16Bom)
        {
            return (null, "Le fichier est encodé en UTF-16 : enregistrez-le en UTF-8 ou en Windows-1252 (ANSI), puis recommencez.", null);
        }

        var mojibake = "le lire en Windows-1252 transformerait « Chloé » en « ChloÃ© ». Choisissez « UTF-8 » ou la détection automatique.";
        switch (choice)
        {
            case LedgerEncodingChoice.Utf8:
                return probe.IsValidUtf8
                    ? (Utf8, null, null)
                    : (null, $"Le fichier n'est pas en UTF-8 : la ligne {probe.FirstInvalidUtf8Line} contient des octets qui ne sont pas de l'UTF-8 valide (probablement du Windows-1252). Choisissez « Windows-1252 » ou la détection automatique.", null);
            case LedgerEncodingChoice.Windows1252:
                if (probe.BomLength > 0)
                {
                    return (null, "Le fichier commence par la marque d'un fichier UTF-8 : " + mojibake, null);
                }

                return probe.IsValidUtf8 && probe.HasNonAscii
                    ? (null, "Le fichier est en UTF-8 (ses caractères accentués sont codés sur deux octets) : " + mojibake, null)
                    : (Windows1252, null, null);
            default:
                if (probe.IsValidUtf8)
                {
                    return (Utf8, null, probe.BomLength > 0 ? "Encodage détecté : UTF-8 (avec marque d'ordre des octets)." : "Encodage détecté : UTF-8.");
                }

                return probe.BomLength > 0
                    ? (null, $"Le fichier commence par la marque d'un fichier UTF-8 mais la ligne {probe.FirstInvalidUtf8Line} n'est pas de l'UTF-8 valide : le fichier est peut-être abîmé. Choisissez l'encodage vous-même.", null)
                    : (Windows1252, null, "Encodage détecté : Windows-1252 (le fichier n'est pas de l'UTF-8 valide).");
        }
    }
}
