using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Relais.Features.Accompaniments.PersonAccess;

/// <summary>
/// A small writer of text-only PDF documents (PDF 1.7): A4 pages of headings, paragraphs, labelled values and bullets,
/// wrapped to the page, with page numbers. Text is set in DejaVu Sans (shipped in Features/Accompaniments/PersonAccess/Fonts,
/// embedded whole in each document), encoded in WinAnsi: every character of French text — accents, œ, ç, « », ’, …,
/// the middle dot of « conseiller·ère » — is covered; a character outside it prints as « ? ».
/// <para>Why not a library: PDFsharp 6.5, the version the package mirror holds, is under AGPL-3.0 (or a paid
/// licence), which would bind the whole of Relais; a report of text needs a few hundred lines
/// (docs/decisions/0015-person-access-export-retention.md).</para>
/// </summary>
public sealed class SimplePdf
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    private const double Margin = 56;
    private const double Top = PageHeight - 60;
    private const double Bottom = 64;
    private const double Width = PageWidth - (2 * Margin);

    private static readonly Lazy<PdfFont> Regular = new(() => PdfFont.Load("DejaVuSans.ttf", "DejaVuSans"));
    private static readonly Lazy<PdfFont> Bold = new(() => PdfFont.Load("DejaVuSans-Bold.ttf", "DejaVuSans-Bold"));

    private readonly List<StringBuilder> _pages = [];
    private readonly string _title;
    private readonly string _footer;
    private readonly DateTimeOffset _created;
    private StringBuilder _page = null!;
    private double _y;

    /// <param name="title">The document's title (its metadata, shown by readers in the window title).</param>
    /// <param name="footer">Printed at the foot of every page, before the page number.</param>
    public SimplePdf(string title, string footer, DateTimeOffset created)
    {
        _title = title;
        _footer = footer;
        _created = created;
        NewPage();
    }

    public void Title(string text)
    {
        Text(text, Bold.Value, 18, 0, 0, spaceBefore: 0, spaceAfter: 6);
    }

    /// <summary>A section heading; never left alone at the bottom of a page.</summary>
    public void Heading(string text)
    {
        Ensure(60);
        Text(text, Bold.Value, 14, 0, 0, spaceBefore: 14, spaceAfter: 4);
        Rule();
    }

    public void SubHeading(string text)
    {
        Ensure(40);
        Text(text, Bold.Value, 11.5, 0, 0, spaceBefore: 8, spaceAfter: 2);
    }

    public void Paragraph(string text, bool muted = false, double indent = 0) =>
        Text(text, Regular.Value, 10.5, indent, muted ? 0.35 : 0, spaceBefore: 0, spaceAfter: 4);

    /// <summary>« Label : value », the label in bold, the value wrapped under the label's line.</summary>
    public void Field(string label, string value, double indent = 0)
    {
        const double size = 10.5;
        var prefix = label + " : ";
        var prefixWidth = Bold.Value.Measure(prefix, size);
        var lines = Wrap(value, Regular.Value, size, Width - indent, Width - indent - prefixWidth);
        var height = size * 1.35;
        for (var i = 0; i < lines.Count; i++)
        {
            NewLineOf(height);
            if (i == 0)
            {
                Show(Bold.Value, size, Margin + indent, _y, prefix, 0);
                Show(Regular.Value, size, Margin + indent + prefixWidth, _y, lines[0], 0);
            }
            else
            {
                Show(Regular.Value, size, Margin + indent, _y, lines[i], 0);
            }
        }

        _y -= 2;
    }

    public void Bullet(string text, double indent = 0)
    {
        const double size = 10.5;
        var lines = Wrap(text, Regular.Value, size, Width - indent - 12, Width - indent - 12);
        for (var i = 0; i < lines.Count; i++)
        {
            NewLineOf(size * 1.35);
            if (i == 0)
            {
                Show(Regular.Value, size, Margin + indent, _y, "•", 0);
            }

            Show(Regular.Value, size, Margin + indent + 12, _y, lines[i], 0);
        }

        _y -= 2;
    }

    public void Space(double points) => _y -= points;

    /// <summary>The document: header, objects, cross-reference table and trailer.</summary>
    public byte[] Build()
    {
        var regular = Regular.Value;
        var bold = Bold.Value;
        var output = new MemoryStream();
        var offsets = new List<long> { 0 };

        // Objects: 1 catalog, 2 pages, 3 info, 4-6 regular font (font, descriptor, file), 7-9 bold font, then per page (page, content).
        const int firstPage = 10;
        var pageCount = _pages.Count;
        var total = firstPage - 1 + (pageCount * 2);

        void Begin(int number)
        {
            while (offsets.Count <= number)
            {
                offsets.Add(0);
            }

            offsets[number] = output.Position;
            Write(output, $"{number} 0 obj\n");
        }

        void End() => Write(output, "\nendobj\n");

        void Stream(int number, string dictionary, byte[] data)
        {
            Begin(number);
            var packed = Deflate(data);
            Write(output, $"<< {(dictionary.Length == 0 ? "" : dictionary + " ")}/Length {packed.Length} /Filter /FlateDecode >>\nstream\n");
            output.Write(packed);
            Write(output, "\nendstream");
            End();
        }

        output.Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"u8);
        Begin(1);
        Write(output, "<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) /ViewerPreferences << /DisplayDocTitle true >> >>");
        End();
        Begin(2);
        var kids = string.Join(' ', Enumerable.Range(0, pageCount).Select(i => $"{firstPage + (i * 2)} 0 R"));
        Write(output, $"<< /Type /Pages /Kids [{kids}] /Count {pageCount} >>");
        End();
        Begin(3);
        var date = "D:" + _created.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
        Write(output, $"<< /Title {TextString(_title)} /Producer (Relais) /Creator (Relais) /CreationDate ({date}) >>");
        End();
        WriteFont(4, regular);
        WriteFont(7, bold);

        for (var i = 0; i < pageCount; i++)
        {
            var page = firstPage + (i * 2);
            var content = new StringBuilder(_pages[i].ToString());
            var footer = $"{_footer} — page {i + 1} sur {pageCount}";
            content.Append(ShowCommand(regular, "F1", 8.5, Margin, 34, footer, 0.35));
            Begin(page);
            Write(output, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {Num(PageWidth)} {Num(PageHeight)}] " +
                "/Resources << /Font << /F1 4 0 R /F2 7 0 R >> >> " +
                $"/Contents {page + 1} 0 R >>");
            End();
            Stream(page + 1, "", Latin(content.ToString()));
        }

        var xref = output.Position;
        Write(output, $"xref\n0 {total + 1}\n0000000000 65535 f \n");
        for (var n = 1; n <= total; n++)
        {
            Write(output, $"{offsets[n]:D10} 00000 n \n");
        }

        var id = Convert.ToHexString(SHA256.HashData(output.ToArray()).AsSpan(0, 16));
        Write(output, $"trailer\n<< /Size {total + 1} /Root 1 0 R /Info 3 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();

        void WriteFont(int number, PdfFont font)
        {
            Begin(number);
            var widths = string.Join(' ', Enumerable.Range(32, 224).Select(c => font.Widths[c].ToString(CultureInfo.InvariantCulture)));
            Write(output, $"<< /Type /Font /Subtype /TrueType /BaseFont /{font.Name} /FirstChar 32 /LastChar 255 /Widths [{widths}] " +
                $"/Encoding /WinAnsiEncoding /FontDescriptor {number + 1} 0 R >>");
            End();
            Begin(number + 1);
            Write(output, $"<< /Type /FontDescriptor /FontName /{font.Name} /Flags 32 /FontBBox [{string.Join(' ', font.BoundingBox)}] " +
                $"/ItalicAngle 0 /Ascent {font.Ascent} /Descent {font.Descent} /CapHeight {font.CapHeight} /StemV {(font.Name.EndsWith("Bold", StringComparison.Ordinal) ? 120 : 80)} " +
                $"/FontFile2 {number + 2} 0 R >>");
            End();
            Begin(number + 2);
            var packed = Deflate(font.Data);
            Write(output, $"<< /Length {packed.Length} /Length1 {font.Data.Length} /Filter /FlateDecode >>\nstream\n");
            output.Write(packed);
            Write(output, "\nendstream");
            End();
        }
    }

    private void NewPage()
    {
        _page = new StringBuilder();
        _pages.Add(_page);
        _y = Top;
    }

    /// <summary>Starts a new page when less than <paramref name="height"/> points are left.</summary>
    private void Ensure(double height)
    {
        if (_y - height < Bottom)
        {
            NewPage();
        }
    }

    private void NewLineOf(double height)
    {
        if (_y - height < Bottom)
        {
            NewPage();
        }

        _y -= height;
    }

    private void Text(string text, PdfFont font, double size, double indent, double grey, double spaceBefore, double spaceAfter)
    {
        if (_y < Top)
        {
            _y -= spaceBefore;
        }

        foreach (var line in Wrap(text, font, size, Width - indent, Width - indent))
        {
            NewLineOf(size * 1.35);
            Show(font, size, Margin + indent, _y, line, grey);
        }

        _y -= spaceAfter;
    }

    private void Rule()
    {
        _page.Append(CultureInfo.InvariantCulture, $"0.75 G 0.6 w {Num(Margin)} {Num(_y - 1)} m {Num(Margin + Width)} {Num(_y - 1)} l S\n");
        _y -= 6;
    }

    private void Show(PdfFont font, double size, double x, double y, string text, double grey) =>
        _page.Append(ShowCommand(font, ReferenceEquals(font, Bold.Value) ? "F2" : "F1", size, x, y, text, grey));

    private static string ShowCommand(PdfFont font, string name, double size, double x, double y, string text, double grey) =>
        $"BT {Num(grey)} g /{name} {Num(size)} Tf 1 0 0 1 {Num(x)} {Num(y)} Tm ({Escape(PdfFont.Encode(text))}) Tj ET\n";

    /// <summary>Words to lines no wider than the width (the first line may be narrower); an over-long word is cut.</summary>
    internal static List<string> Wrap(string text, PdfFont font, double size, double width, double firstWidth)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var available = lines.Count == 0 ? firstWidth : width;
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (font.Measure(candidate, size) <= available)
                {
                    line.Clear().Append(candidate);
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    available = width;
                }

                var rest = word;
                while (font.Measure(rest, size) > available && rest.Length > 1)
                {
                    var cut = rest.Length - 1;
                    while (cut > 1 && font.Measure(rest[..cut], size) > available)
                    {
                        cut--;
                    }

                    lines.Add(rest[..cut]);
                    rest = rest[cut..];
                    available = width;
                }

                line.Append(rest);
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    private static string Num(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A PDF literal string of WinAnsi bytes, written as ASCII (octal escapes for the others).</summary>
    private static string Escape(byte[] bytes)
    {
        var s = new StringBuilder(bytes.Length + 8);
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    s.Append('\\').Append((char)b);
                    break;
                case < 32 or > 126:
                    s.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    break;
                default:
                    s.Append((char)b);
                    break;
            }
        }

        return s.ToString();
    }

    /// <summary>A text string of the document's metadata: UTF-16BE with its byte order mark, in hexadecimal.</summary>
    private static string TextString(string text) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";

    private static byte[] Latin(string ascii) => Encoding.Latin1.GetBytes(ascii);

    private static void Write(Stream output, string ascii) => output.Write(Encoding.Latin1.GetBytes(ascii));

    private static byte[] Deflate(byte[] data)
    {
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return packed.ToArray();
    }
}

/// <summary>A TrueType font read enough to embed it in a PDF with the WinAnsi encoding: metrics and advance widths.</summary>
internal sealed class PdfFont
{
    private PdfFont(string name, byte[] data)
    {
        Name = name;
        Data = data;
    }

    public string Name { get; }
    public byte[] Data { get; }

    /// <summary>Advance widths of the 256 WinAnsi codes, in thousandths of the text size.</summary>
    public int[] Widths { get; } = new int[256];

    public int[] BoundingBox { get; private set; } = [];
    public int Ascent { get; private set; }
    public int Descent { get; private set; }
    public int CapHeight { get; private set; }

    public double Measure(string text, double size)
    {
        var total = 0;
        foreach (var b in Encode(text))
        {
            total += Widths[b];
        }

        return total * size / 1000;
    }

    public static PdfFont Load(string file, string name)
    {
        using var stream = typeof(PdfFont).Assembly.GetManifestResourceStream("Relais.Fonts." + file)
            ?? throw new InvalidOperationException($"Font {file} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var font = new PdfFont(name, copy.ToArray());
        font.Read();
        return font;
    }

    private void Read()
    {
        var d = Data;
        var tables = new Dictionary<string, int>();
        var count = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            var record = d.AsSpan(12 + (i * 16));
            tables[Encoding.ASCII.GetString(record[..4])] = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
        }

        var head = tables["head"];
        var unitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(head + 18));
        int Scale(int v) => (int)Math.Round(v * 1000.0 / unitsPerEm);
        short I16(int at) => BinaryPrimitives.ReadInt16BigEndian(d.AsSpan(at));
        ushort U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(at));

        BoundingBox = [Scale(I16(head + 36)), Scale(I16(head + 38)), Scale(I16(head + 40)), Scale(I16(head + 42))];
        var hhea = tables["hhea"];
        Ascent = Scale(I16(hhea + 4));
        Descent = Scale(I16(hhea + 6));
        var metrics = U16(hhea + 34);
        CapHeight = tables.TryGetValue("OS/2", out var os2) && U16(os2) >= 2 ? Scale(I16(os2 + 88)) : Ascent;
        var hmtx = tables["hmtx"];

        // cmap: the Windows Unicode BMP subtable (platform 3, encoding 1), format 4.
        var cmap = tables["cmap"];
        var subtable = -1;
        for (var i = 0; i < U16(cmap + 2); i++)
        {
            var at = cmap + 4 + (i * 8);
            if (U16(at) == 3 && U16(at + 2) == 1)
            {
                subtable = cmap + (int)BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(at + 4));
            }
        }

        if (subtable < 0 || U16(subtable) != 4)
        {
            throw new InvalidOperationException($"Font {Name} has no Unicode (3,1) format 4 cmap.");
        }

        var segments = U16(subtable + 6) / 2;
        var ends = subtable + 14;
        var starts = ends + (segments * 2) + 2;
        var deltas = starts + (segments * 2);
        var ranges = deltas + (segments * 2);

        int Glyph(char c)
        {
            for (var s = 0; s < segments; s++)
            {
                if (U16(ends + (s * 2)) < c)
                {
                    continue;
                }

                var start = U16(starts + (s * 2));
                if (start > c)
                {
                    return 0;
                }

                var delta = I16(deltas + (s * 2));
                var rangeAt = ranges + (s * 2);
                var range = U16(rangeAt);
                if (range == 0)
                {
                    return (c + delta) & 0xFFFF;
                }

                var glyph = U16(rangeAt + range + (2 * (c - start)));
                return glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
            }

            return 0;
        }

        int Advance(int glyph) => U16(hmtx + (4 * Math.Min(glyph, metrics - 1)));

        for (var code = 32; code < 256; code++)
        {
            Widths[code] = Scale(Advance(Glyph(Decode((byte)code))));
        }
    }

    private static readonly Dictionary<char, byte> Windows1252 = new()
    {
        ['€'] = 0x80, ['‚'] = 0x82, ['ƒ'] = 0x83, ['„'] = 0x84, ['…'] = 0x85, ['†'] = 0x86, ['‡'] = 0x87, ['ˆ'] = 0x88,
        ['‰'] = 0x89, ['Š'] = 0x8A, ['‹'] = 0x8B, ['Œ'] = 0x8C, ['Ž'] = 0x8E, ['‘'] = 0x91, ['’'] = 0x92, ['“'] = 0x93,
        ['”'] = 0x94, ['•'] = 0x95, ['–'] = 0x96, ['—'] = 0x97, ['˜'] = 0x98, ['™'] = 0x99, ['š'] = 0x9A, ['›'] = 0x9B,
        ['œ'] = 0x9C, ['ž'] = 0x9E, ['Ÿ'] = 0x9F,
    };

    private static readonly Dictionary<byte, char> FromWindows1252 = Windows1252.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>The Unicode character of a WinAnsi code.</summary>
    public static char Decode(byte code) => code is >= 0x80 and < 0xA0
        ? FromWindows1252.GetValueOrDefault(code, '?')
        : (char)code;

    /// <summary>Text to WinAnsi codes: French is covered; thin and narrow spaces become no-break spaces, others « ? ».</summary>
    public static byte[] Encode(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            bytes[i] = c switch
            {
                >= ' ' and <= '~' => (byte)c,
                >= '\u00a0' and <= '\u00ff' => (byte)c,
                '\u202f' or '\u2009' or '\u2007' => 0xA0,
                '\u2010' or '\u2011' or '\u2212' => (byte)'-',
                '\t' => (byte)' ',
                _ => Windows1252.TryGetValue(c, out var b) ? b : (byte)'?',
            };
        }

        return bytes;
    }
}
