using System.Text;

namespace Relais.Features.Ledger;

/// <summary>What an import knows of one tenant reference: its household, the months already seen, the last balance.</summary>
internal sealed class HouseholdSlot(Guid id, string reference, bool exists)
{
    public Guid Id { get; } = id;
    public string Reference { get; } = reference;

    /// <summary>False for a household the import creates.</summary>
    public bool Exists { get; } = exists;

    /// <summary>An unknown reference already reported: its other lines are skipped silently.</summary>
    public bool Unknown { get; init; }

    /// <summary>The id as EF stores it in SQLite (upper-case text), as UTF-8 bytes.</summary>
    public byte[] IdUtf8 => _idUtf8 ??= Encoding.ASCII.GetBytes(LedgerSql.SqliteGuid(Id));

    private byte[]? _idUtf8;

    public MonthSet Months;
    public bool Touched;
    public string? LastDwelling;
    public int PreviousMonth = -1;
    public long PreviousBalance;

    /// <summary>The most recent month of the file for this household, and the dwelling written on it (for creation).</summary>
    public int LatestMonth = -1;

    public string LatestDwelling = "";
    public Guid? DwellingId;
}

/// <summary>A set of month numbers as a bit array that grows either way: a few bytes per household.</summary>
internal struct MonthSet
{
    private int _base;
    private ulong[]? _bits;

    /// <summary>Adds <paramref name="month"/>; false when it was already there.</summary>
    public bool Add(int month)
    {
        if (_bits is null)
        {
            _base = month & ~63;
            _bits = new ulong[1];
        }
        else if (month < _base)
        {
            var words = ((_base - month) + 63) / 64;
            var grown = new ulong[_bits.Length + words];
            Array.Copy(_bits, 0, grown, words, _bits.Length);
            _bits = grown;
            _base -= words * 64;
        }

        var offset = month - _base;
        var index = offset >> 6;
        if (index >= _bits.Length)
        {
            Array.Resize(ref _bits, index + 1);
        }

        var bit = 1UL << (offset & 63);
        if ((_bits[index] & bit) != 0)
        {
            return false;
        }

        _bits[index] |= bit;
        return true;
    }
}
