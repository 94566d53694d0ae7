using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Relais.Features.Partners.DataInclusion;

/// <summary>One object read from a data·inclusion file: its rank (1-based) and the line where it starts, when known.</summary>
public sealed record DataInclusionItem(int Index, int? Line, JsonElement Value);

/// <summary>
/// Reads a data·inclusion file as another tool writes it: UTF-8 with or without BOM; a JSON array of objects, or
/// NDJSON (one object per line, or any sequence of JSON objects), or the API's paginated envelope
/// (<c>{"items": [...]}</c>). Each object keeps the line where it starts (counted from the bytes, so that the report
/// can point at it). A file that is not JSON, truncated, or empty gives one error with its line and column.
/// </summary>
public static class DataInclusionFile
{
    public sealed record Result(IReadOnlyList<DataInclusionItem> Items, DataInclusionIssue? Error);

    public static Result Read(byte[] bytes, string file)
    {
        var offset = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0;
        var span = bytes.AsSpan(offset);
        if (!Utf8.IsValid(span))
        {
            return Fail(file, null, "Le fichier n’est pas encodé en UTF-8 (enregistrez-le en UTF-8, avec ou sans BOM).");
        }

        if (span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Fail(file, null, "Le fichier est vide : il doit contenir un tableau JSON d’objets, ou un objet JSON par ligne.");
        }

        var items = new List<DataInclusionItem>();
        var lines = new LineCounter(span);
        var reader = new Utf8JsonReader(span, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (true)
                {
                    if (!reader.Read())
                    {
                        return Fail(file, lines.At(span.Length), "Le fichier est tronqué : le tableau JSON n’est pas refermé par « ] ».");
                    }

                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }

                    var line = lines.At(reader.TokenStartIndex);
                    items.Add(new DataInclusionItem(items.Count + 1, line, JsonElement.ParseValue(ref reader)));
                }

                if (reader.Read())
                {
                    return Fail(file, lines.At(reader.TokenStartIndex), "Du contenu suit la fin du tableau JSON : un fichier ne contient qu’un tableau.");
                }
            }
            else
            {
                do
                {
                    var line = lines.At(reader.TokenStartIndex);
                    items.Add(new DataInclusionItem(items.Count + 1, line, JsonElement.ParseValue(ref reader)));
                }
                while (reader.Read());

                // The API's paginated answer: {"items": [...], "total": …, "page": …}.
                if (items is [{ Value: { ValueKind: JsonValueKind.Object } envelope }]
                    && envelope.TryGetProperty("items", out var inner) && inner.ValueKind == JsonValueKind.Array
                    && !envelope.TryGetProperty("id", out _))
                {
                    items = inner.EnumerateArray().Select((v, i) => new DataInclusionItem(i + 1, null, v)).ToList();
                }
            }
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            var errorAt = lines.OffsetOf(line) + column - 1;
            var truncated = errorAt >= span.Length || span[(int)Math.Min(errorAt, span.Length)..].Trim(" \t\r\n"u8).IsEmpty;
            return Fail(file, line, truncated
                ? $"Le fichier est tronqué : le JSON s’arrête avant la fin d’un objet ou d’un tableau (ligne {line})."
                : $"Le fichier n’est pas du JSON valide : caractère inattendu ligne {line}, colonne {column}.");
        }

        return new Result(items, null);
    }

    private static Result Fail(string file, int? line, string reason) =>
        new([], new DataInclusionIssue(file, null, line, "", "", reason));

    /// <summary>Line numbers of byte offsets, counted forward once (offsets asked in increasing order are cheap).</summary>
    private sealed class LineCounter(ReadOnlySpan<byte> span)
    {
        private readonly int[] _starts = Starts(span);

        private static int[] Starts(ReadOnlySpan<byte> span)
        {
            var starts = new List<int> { 0 };
            for (var i = span.IndexOf((byte)'\n'); i >= 0; i = span[(i + 1)..].IndexOf((byte)'\n') is var next and >= 0 ? i + 1 + next : -1)
            {
                starts.Add(i + 1);
            }

            return starts.ToArray();
        }

        public int At(long offset)
        {
            var found = Array.BinarySearch(_starts, (int)Math.Min(offset, int.MaxValue));
            return (found >= 0 ? found : ~found - 1) + 1;
        }

        public long OffsetOf(int line) => line - 1 < _starts.Length ? _starts[Math.Max(0, line - 1)] : _starts[^1];
    }
}
