using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Housing;

/// <summary>What the residence form may set. Numbers and codes are bound as text and checked here, in French.</summary>
public sealed class ResidenceInput
{
    public string? Name { get; set; }
    public Guid? SectorId { get; set; }

    /// <summary>The visible commune field: a name, a postal or INSEE code, or the picker's label.</summary>
    public string? Commune { get; set; }

    /// <summary>The INSEE code set by the picker (hidden field).</summary>
    public string? CommuneCode { get; set; }

    public string? PostalCode { get; set; }
    public int Version { get; set; }

    private Commune? _commune;
    private string? _postalCode;

    public static ResidenceInput From(Residence r, CommuneDirectory communes) => new()
    {
        Name = r.Name,
        SectorId = r.SectorId,
        Commune = communes.Find(r.CommuneCode) is { } c ? CommuneResolution.PickerLabel(c) : r.CommuneName,
        CommuneCode = r.CommuneCode,
        PostalCode = r.PostalCode,
        Version = r.Version,
    };

    public async Task<Dictionary<string, string>> ValidateAsync(RelaisDbContext db, CommuneDirectory communes, HousingScope scope, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors[nameof(Name)] = "Le nom de la résidence est obligatoire.";
        }
        else if (name.Length > 160)
        {
            errors[nameof(Name)] = "Le nom de la résidence ne doit pas dépasser 160 caractères.";
        }

        if (SectorId is not { } sector)
        {
            errors[nameof(SectorId)] = "Choisissez le secteur qui gère la résidence.";
        }
        else if (!scope.Covers(sector) || !await db.Sectors.AnyAsync(s => s.Id == sector, ct))
        {
            errors[nameof(SectorId)] = "Ce secteur n'existe pas ou ne fait pas partie des vôtres.";
        }

        var choice = communes.Resolve(Commune, CommuneCode, PostalCode);
        if (choice.CommuneError is { } communeError)
        {
            errors[nameof(Commune)] = communeError;
        }

        if (choice.PostalCodeError is { } postalError)
        {
            errors[nameof(PostalCode)] = postalError;
        }

        if (choice.Commune is { } commune)
        {
            // Show what the server understood, whatever was typed.
            Commune = CommuneResolution.PickerLabel(commune);
            CommuneCode = commune.Code;
        }

        if (choice.IsValid)
        {
            _commune = choice.Commune;
            _postalCode = PostalCode = choice.PostalCode;
        }

        return errors;
    }

    /// <summary>Copies the validated input; call after <see cref="ValidateAsync"/> found no error.</summary>
    public void ApplyTo(Residence r)
    {
        var commune = _commune ?? throw new InvalidOperationException("The residence input was not validated.");
        r.Name = Name!.Trim();
        r.SectorId = SectorId!.Value;
        r.CommuneCode = commune.Code;
        r.CommuneName = commune.Name;
        r.PostalCode = _postalCode!;
    }
}

public sealed class BuildingInput
{
    public const int MaxFloors = 60;

    public string? Name { get; set; }
    public string? Street { get; set; }

    /// <summary>Comma-separated staircase labels: "1, 2" or "A, B".</summary>
    public string? Staircases { get; set; }

    public string? Floors { get; set; }
    public int Version { get; set; }

    private int _floors;
    private string _staircases = "";

    public static BuildingInput From(Building b) => new()
    {
        Name = b.Name,
        Street = b.Street,
        Staircases = string.Join(", ", b.StaircaseList),
        Floors = b.Floors.ToString(CultureInfo.InvariantCulture),
        Version = b.Version,
    };

    /// <summary>French messages per field. For an existing building, its dwellings must still fit: no floor or staircase of theirs may disappear.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(RelaisDbContext db, Guid? buildingId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        Required(errors, nameof(Name), Name, "Le nom du bâtiment est obligatoire.", 120);
        Required(errors, nameof(Street), Street, "L'adresse du bâtiment est obligatoire (ex. 12 rue Jean Jaurès).", 200);

        var floors = Number.ParseInt(Floors);
        if (floors is null || floors < 0 || floors > MaxFloors)
        {
            errors[nameof(Floors)] = $"Le nombre d'étages doit être un nombre entier de 0 (rez-de-chaussée seul) à {MaxFloors}.";
        }

        var staircases = (Staircases ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var duplicate = staircases.GroupBy(s => s, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        var joined = string.Join(", ", staircases);
        if (staircases.Any(s => s.Length > 20))
        {
            errors[nameof(Staircases)] = "Chaque escalier doit tenir en 20 caractères au plus.";
        }
        else if (duplicate is not null)
        {
            errors[nameof(Staircases)] = $"L'escalier « {duplicate.Key} » est indiqué plusieurs fois.";
        }
        else if (joined.Length > 200)
        {
            errors[nameof(Staircases)] = "La liste des escaliers ne doit pas dépasser 200 caractères.";
        }

        if (buildingId is { } id && errors.Count == 0)
        {
            var dwellings = await db.Dwellings.Where(d => d.BuildingId == id)
                .Select(d => new { d.Reference, d.Floor, d.Staircase }).ToListAsync(ct);
            var tooHigh = dwellings.Where(d => d.Floor > floors).OrderByDescending(d => d.Floor).FirstOrDefault();
            if (tooHigh is not null)
            {
                errors[nameof(Floors)] = $"Le logement {tooHigh.Reference} est au {FloorLabel.Of(tooHigh.Floor)} : le bâtiment doit compter au moins {tooHigh.Floor} étage{(tooHigh.Floor > 1 ? "s" : "")}.";
            }

            var orphan = dwellings.Where(d => d.Staircase.Length > 0 && !staircases.Contains(d.Staircase, StringComparer.OrdinalIgnoreCase))
                .OrderBy(d => d.Reference, StringComparer.Ordinal).FirstOrDefault();
            if (orphan is not null)
            {
                errors[nameof(Staircases)] = $"L'escalier « {orphan.Staircase} » dessert encore le logement {orphan.Reference} : modifiez ce logement avant de retirer l'escalier.";
            }
        }

        _floors = floors ?? 0;
        _staircases = joined;
        return errors;
    }

    public void ApplyTo(Building b)
    {
        b.Name = Name!.Trim();
        b.Street = Street!.Trim();
        b.Staircases = _staircases;
        b.Floors = _floors;
    }

    internal static void Required(Dictionary<string, string> errors, string field, string? value, string message, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = message;
        }
        else if (value.Trim().Length > max)
        {
            errors[field] = $"Ce champ ne doit pas dépasser {max} caractères.";
        }
    }
}

public sealed class DwellingInput
{
    public static readonly IReadOnlyList<string> Typologies = ["T1", "T2", "T3", "T4", "T5", "T6", "T7"];

    public string? Reference { get; set; }
    public string? Staircase { get; set; }
    public string? Floor { get; set; }
    public string? Door { get; set; }
    public string? Typology { get; set; }

    /// <summary>Square metres, typed the French way ("65,5") or with a point.</summary>
    public string? Surface { get; set; }

    public int Version { get; set; }

    private int _floor;
    private decimal? _surface;
    private string _staircase = "";

    public static DwellingInput From(Dwelling d) => new()
    {
        Reference = d.Reference,
        Staircase = d.Staircase,
        Floor = d.Floor.ToString(CultureInfo.InvariantCulture),
        Door = d.Door,
        Typology = d.Typology,
        Surface = d.SurfaceM2?.ToString("0.##", CultureInfo.GetCultureInfo("fr-FR")),
        Version = d.Version,
    };

    /// <summary>French messages per field: the reference is unique in the organisation, the staircase and floor exist in <paramref name="building"/>.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(RelaisDbContext db, Building building, Guid? dwellingId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var reference = Reference?.Trim();
        BuildingInput.Required(errors, nameof(Reference), reference, "La référence du logement est obligatoire.", 40);
        if (!errors.ContainsKey(nameof(Reference)) && await ReferenceTakenAsync(db, reference!, dwellingId, ct))
        {
            errors[nameof(Reference)] = $"La référence « {reference} » est déjà attribuée à un autre logement de votre organisation.";
        }

        var staircases = building.StaircaseList;
        var staircase = Staircase?.Trim() ?? "";
        if (staircases.Count == 0)
        {
            _staircase = "";
        }
        else if (staircases.FirstOrDefault(s => string.Equals(s, staircase, StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            _staircase = known;
        }
        else
        {
            errors[nameof(Staircase)] = staircase.Length == 0
                ? "Choisissez l'escalier du logement."
                : $"L'escalier « {staircase} » n'existe pas dans ce bâtiment ({string.Join(", ", staircases)}).";
        }

        var floor = Number.ParseInt(Floor);
        if (floor is null)
        {
            errors[nameof(Floor)] = "Indiquez l'étage par un nombre entier (0 pour le rez-de-chaussée).";
        }
        else if (floor < 0 || floor > building.Floors)
        {
            errors[nameof(Floor)] = building.Floors == 0
                ? "Ce bâtiment n'a qu'un rez-de-chaussée : l'étage doit être 0."
                : $"L'étage doit être compris entre 0 (rez-de-chaussée) et {building.Floors} : le bâtiment compte {building.Floors} étage{(building.Floors > 1 ? "s" : "")}.";
        }

        BuildingInput.Required(errors, nameof(Door), Door, "Le numéro de porte est obligatoire.", 20);

        if (Typology is null || !Typologies.Contains(Typology.Trim().ToUpperInvariant()))
        {
            errors[nameof(Typology)] = "Choisissez une typologie de T1 à T7.";
        }

        _surface = null;
        if (!string.IsNullOrWhiteSpace(Surface))
        {
            var surface = Number.ParseDecimal(Surface);
            if (surface is not { } s || s <= 0 || s >= 1000)
            {
                errors[nameof(Surface)] = "La surface doit être un nombre de m² supérieur à 0 (ex. 65,5).";
            }
            else
            {
                _surface = Math.Round(s, 2);
            }
        }

        _floor = floor ?? 0;
        return errors;
    }

    public static Task<bool> ReferenceTakenAsync(RelaisDbContext db, string reference, Guid? dwellingId, CancellationToken ct) =>
        db.Dwellings.AnyAsync(d => d.Reference == reference && d.Id != dwellingId, ct);

    public void ApplyTo(Dwelling d)
    {
        d.Reference = Reference!.Trim();
        d.Staircase = _staircase;
        d.Floor = _floor;
        d.Door = Door!.Trim();
        d.Typology = Typology!.Trim().ToUpperInvariant();
        d.SurfaceM2 = _surface;
    }
}

internal static class Number
{
    public static int? ParseInt(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>"65,5", "65.5" or "65" (no thousands separator: a surface has no need of one).</summary>
    public static decimal? ParseDecimal(string? text)
    {
        var normalised = text?.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("m²", "", StringComparison.OrdinalIgnoreCase).Replace(',', '.');
        return decimal.TryParse(normalised, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
