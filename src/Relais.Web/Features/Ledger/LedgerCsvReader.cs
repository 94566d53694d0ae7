using System.Buffers;
using System.Text;

namespace Relais.Features.Ledger;

/// <summary>What is wrong with a record as a whole, before its values are looked at.</summary>
public enum RecordProblem
{
    None,
    /// <summary>Longer than the cap (64 KB): the rest of the physical line was skipped.</summary>
    TooLong,
    /// <summary>A quoted value was still open at the end of the file.</summary>
    UnterminatedQuote,
    /// <summary>Something other than a delimiter or spaces after a closing quote (<c>"abc"x</c>).</summary>
    TextAfterQuote,
}

/// <summary>
/// Streams the records of a delimited text file (RFC 4180 quoting with <c>""</c> escapes, values across lines inside
/// quotes, <c>\r\n</c>, <c>\n</c> or <c>\r</c> line ends) with bounded memory: a record longer than
/// <see cref="MaxRecordChars"/> is reported as <see cref="RecordProblem.TooLong"/> and the rest of its line skipped,
/// never accumulated. Values are handed out as trimmed spans into a reused buffer. The caller owns the stream.
/// </summary>
public sealed class LedgerCsvReader
{
    public const int DefaultMaxRecordChars = 64 * 1024;
    private const int MaxFields = 256;

    private readonly Stream _stream;
    private readonly Decoder _decoder;
    private readonly byte[] _bytes;
    private readonly char[] _chars;
    private readonly char _delimiter;
    private readonly SearchValues<char> _unquotedStops;
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\n");
    private static readonly SearchValues<char> LineEnds = SearchValues.Create("\r\n");
    private int _pos;
    private int _len;
    private bool _endOfBytes;
    private bool _endOfChars;
    private bool _first = true;
    private long _nextLine = 1;

    private char[] _record = new char[1024];
    private int _recordLen;
    private readonly int[] _starts = new int[MaxFields];
    private readonly int[] _lengths = new int[MaxFields];
    private int _fieldCount;
    private int _fieldStart;

    public LedgerCsvReader(Stream stream, Encoding encoding, char delimiter, int maxRecordChars = DefaultMaxRecordChars)
    {
        _stream = stream;
        _decoder = encoding.GetDecoder();
        _delimiter = delimiter;
        _unquotedStops = SearchValues.Create(new string([delimiter, '"', '\r', '\n']));
        MaxRecordChars = maxRecordChars;
        _bytes = new byte[64 * 1024];
        _chars = new char[encoding.GetMaxCharCount(_bytes.Length)];
    }

    public int MaxRecordChars { get; }

    /// <summary>Physical line (1-based) where the current record starts.</summary>
    public long LineNumber { get; private set; }

    public int FieldCount => _fieldCount;

    public RecordProblem Problem { get; private set; }

    /// <summary>True when the record had more fields than the reader keeps (<c>256</c>): it is reported, not read.</summary>
    public bool TooManyFields { get; private set; }

    /// <summary>Bytes consumed from the stream so far (for progress).</summary>
    public long BytesConsumed { get; private set; }

    /// <summary>The value of field <paramref name="index"/>, unquoted and trimmed (spaces, tabs, non-breaking spaces).</summary>
    public ReadOnlySpan<char> Field(int index) => _record.AsSpan(_starts[index], _lengths[index]).Trim();

    /// <summary>The record as read (values joined by the delimiter), cut to <paramref name="max"/> characters, for reports.</summary>
    public string Excerpt(int max = 80)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _fieldCount && builder.Length <= max; i++)
        {
            if (i > 0)
            {
                builder.Append(_delimiter);
            }

            builder.Append(_record.AsSpan(_starts[i], _lengths[i]));
        }

        return LedgerFields.Clip(builder.ToString(), max);
    }

    /// <summary>Reads the next non-blank record; false at the end of the file.</summary>
    public bool Read()
    {
        while (true)
        {
            if (!ReadRecord())
            {
                return false;
            }

            if (Problem != RecordProblem.None || TooManyFields || !IsBlank())
            {
                return true;
            }
        }
    }

    /// <summary>A line of spaces or of empty values only (<c>;;;;</c>, as spreadsheets leave at the end) is not a record.</summary>
    private bool IsBlank()
    {
        for (var i = 0; i < _fieldCount; i++)
        {
            if (!Field(i).IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    private bool ReadRecord()
    {
        _recordLen = 0;
        _fieldCount = 0;
        _fieldStart = 0;
        Problem = RecordProblem.None;
        TooManyFields = false;
        LineNumber = _nextLine;
        if (!Ensure())
        {
            return false;
        }

        while (true)
        {
            // Start of a field: spaces before an opening quote do not count.
            while (Ensure() && _chars[_pos] is ' ' or '\t')
            {
                Append(_chars.AsSpan(_pos, 1));
                _pos++;
            }

            if (!Ensure())
            {
                EndField();
                return true;
            }

            if (_chars[_pos] == '"')
            {
                _pos++;
                _recordLen = _fieldStart; // drop the spaces before the quote
                if (!ReadQuoted())
                {
                    EndField();
                    return true;
                }
            }

            // Unquoted run (or what follows a closing quote).
            while (true)
            {
                if (!Ensure())
                {
                    EndField();
                    return true;
                }

                var span = _chars.AsSpan(_pos, _len - _pos);
                var stop = span.IndexOfAny(_unquotedStops);
                if (stop < 0)
                {
                    Append(span);
                    _pos = _len;
                    continue;
                }

                Append(span[..stop]);
                _pos += stop;
                var c = _chars[_pos];
                if (c == '"')
                {
                    Append(_chars.AsSpan(_pos, 1)); // a quote inside an unquoted value is kept as text
                    _pos++;
                    continue;
                }

                _pos++;
                if (c == _delimiter)
                {
                    EndField();
                    if (Problem == RecordProblem.TooLong)
                    {
                        SkipRestOfLine();
                        return true;
                    }

                    break; // next field
                }

                // \r or \n: end of record.
                if (c == '\r' && Ensure() && _chars[_pos] == '\n')
                {
                    _pos++;
                }

                _nextLine++;
                EndField();
                return true;
            }
        }
    }

    /// <summary>Reads a quoted value after its opening quote; false when the file ended inside it.</summary>
    private bool ReadQuoted()
    {
        while (true)
        {
            if (!Ensure())
            {
                Problem = RecordProblem.UnterminatedQuote;
                return false;
            }

            if (Problem == RecordProblem.TooLong)
            {
                // A quote that never closes would swallow the file: resynchronise on the next line end.
                SkipRestOfLine();
                return false;
            }

            var span = _chars.AsSpan(_pos, _len - _pos);
            var stop = span.IndexOfAny(QuotedStops);
            if (stop < 0)
            {
                Append(span);
                _pos = _len;
                continue;
            }

            Append(span[..stop]);
            _pos += stop;
            if (_chars[_pos] == '\n')
            {
                Append(_chars.AsSpan(_pos, 1));
                _pos++;
                _nextLine++;
                continue;
            }

            _pos++; // the quote
            if (Ensure() && _chars[_pos] == '"')
            {
                Append(_chars.AsSpan(_pos, 1)); // "" is an escaped quote
                _pos++;
                continue;
            }

            // Closing quote: only spaces may follow before the delimiter or the line end.
            while (Ensure() && _chars[_pos] is ' ' or '\t')
            {
                _pos++;
            }

            if (Ensure() && _chars[_pos] != _delimiter && _chars[_pos] != '\r' && _chars[_pos] != '\n')
            {
                if (Problem == RecordProblem.None)
                {
                    Problem = RecordProblem.TextAfterQuote;
                }
            }

            return true;
        }
    }

    private void SkipRestOfLine()
    {
        while (Ensure())
        {
            var span = _chars.AsSpan(_pos, _len - _pos);
            var stop = span.IndexOfAny(LineEnds);
            if (stop < 0)
            {
                _pos = _len;
                continue;
            }

            _pos += stop;
            var c = _chars[_pos++];
            if (c == '\r' && Ensure() && _chars[_pos] == '\n')
            {
                _pos++;
            }

            _nextLine++;
            return;
        }
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || Problem == RecordProblem.TooLong)
        {
            return;
        }

        if (_recordLen + text.Length > MaxRecordChars)
        {
            Problem = RecordProblem.TooLong;
            return;
        }

        if (_recordLen + text.Length > _record.Length)
        {
            Array.Resize(ref _record, Math.Min(MaxRecordChars, Math.Max(_record.Length * 2, _recordLen + text.Length)));
        }

        text.CopyTo(_record.AsSpan(_recordLen));
        _recordLen += text.Length;
    }

    private void EndField()
    {
        if (_fieldCount < MaxFields)
        {
            _starts[_fieldCount] = _fieldStart;
            _lengths[_fieldCount] = _recordLen - _fieldStart;
            _fieldCount++;
        }
        else
        {
            TooManyFields = true;
        }

        _fieldStart = _recordLen;
    }

    /// <summary>True when at least one character is available at <see cref="_pos"/>.</summary>
    private bool Ensure()
    {
        if (_pos < _len)
        {
            return true;
        }

        while (!_endOfChars)
        {
            Fill();
            if (_pos < _len)
            {
                return true;
            }
        }

        return false;
    }

    private void Fill()
    {
        _pos = 0;
        _len = 0;
        while (_len == 0 && !_endOfChars)
        {
            var read = 0;
            if (!_endOfBytes)
            {
                read = _stream.Read(_bytes, 0, _bytes.Length);
                if (read == 0)
                {
                    _endOfBytes = true;
                }

                BytesConsumed += read;
            }

            _decoder.Convert(_bytes, 0, read, _chars, 0, _chars.Length, _endOfBytes, out var used, out var produced, out _);
            if (used != read)
            {
                throw new InvalidOperationException("The decoder did not take a whole block."); // cannot happen: the char buffer fits a block
            }

            _len = produced;
            if (_endOfBytes)
            {
                _endOfChars = true;
            }
        }

        if (_first && _len > 0)
        {
            _first = false;
            if (_chars[0] == '\uFEFF')
            {
                _pos = 1; // byte order mark
            }
        }
    }
}
