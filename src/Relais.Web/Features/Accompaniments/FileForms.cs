using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Outreach;

namespace Relais.Features.Accompaniments;

/// <summary>
/// Checks typed values (strings, so that a bad date is refused in French and not by the binder) and puts each French
/// message on its field. Labels are given with their article ("la date de l’entretien") and messages are built from them.
/// </summary>
public sealed class FormCheck(ModelStateDictionary state, DateOnly today)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public DateOnly Today => today;

    public bool Ok => state.IsValid;

    public void Fail(string key, string message) => state.AddModelError(key, message);

    /// <summary>Trimmed text with Unix line ends, or null when empty; refused when required and empty, or too long.</summary>
    public string? Text(string key, string? value, string label, int max, bool required)
    {
        var text = value?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Fail(key, $"Indiquez {label}.");
            }

            return null;
        }

        if (text.Length > max)
        {
            Fail(key, $"{Capital(label)} ne peut pas dépasser {max.ToString("N0", French)} caractères (actuellement {text.Length.ToString("N0", French)}).");
        }

        return text;
    }

    /// <summary>A date typed as yyyy-MM-dd (date input) or dd/mm/yyyy; refused when required and empty, invalid, or in the future when not allowed.</summary>
    public DateOnly? Date(string key, string? value, string label, bool required, bool future = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Fail(key, $"Indiquez {label}.");
            }

            return null;
        }

        var date = CampaignInput.ParseDate(value);
        if (date is null || date.Value.Year < 1900 || date.Value.Year > 2200)
        {
            Fail(key, $"{Capital(label)} n’est pas une date valide (jj/mm/aaaa).");
            return null;
        }

        if (!future && date > today)
        {
            Fail(key, $"{Capital(label)} ne peut pas être dans le futur.");
        }

        return date;
    }

    /// <summary>One value of <typeparamref name="T"/> by its name; numbers and unknown names are refused.</summary>
    public T? Choice<T>(string key, string? value, string label) where T : struct, Enum
    {
        if (Enum.TryParse<T>(value, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        Fail(key, $"Choisissez {label}.");
        return null;
    }

    public static string Capital(string label) => label.Length == 0 ? label : char.ToUpper(label[0], French) + label[1..];
}

/// <summary>
/// What the pages that change a file share: the file's header (through the caller's scope, so another organisation's
/// or another sector's file is a 404), the refusal to change a closed file, and the 409 answer to a lost race.
/// </summary>
public abstract class FileFormPageModel(AccompanimentAccess access) : PageModel
{
    public FileHeader Header { get; private set; } = null!;

    /// <summary>Set when the save lost a race against another edit: the page shows the stored version beside the input.</summary>
    public bool Conflict { get; protected set; }

    /// <summary>The file was closed: nothing can be changed any more.</summary>
    public bool ClosedFile => !Header.IsOpen;

    protected AccompanimentAccess Access => access;

    public DateOnly Today => access.Today;

    /// <summary>Today as yyyy-MM-dd, the latest day offered by date inputs that refuse the future.</summary>
    public string TodayIso => FileFormat.Iso(access.Today)!;

    protected FormCheck Check() => new(ModelState, access.Today);

    protected async Task<bool> LoadFileAsync(Guid id, CancellationToken ct)
    {
        var header = await access.HeaderAsync(id, ct);
        if (header is null)
        {
            return false;
        }

        Header = header;
        if (HttpMethods.IsGet(Request.Method))
        {
            // A form shows part of the file (the person's account, a meeting's summary…): its read is logged too.
            await access.LogReadAsync(header.Id, header.HouseholdId, "formulaire", ct);
        }

        return true;
    }

    /// <summary>The answer to a change on a closed file: the page, with its message, as a conflict.</summary>
    protected IActionResult ClosedResult()
    {
        ModelState.Clear();
        ModelState.AddModelError("", "Cet accompagnement est clos : son dossier ne peut plus être modifié.");
        return Status(StatusCodes.Status409Conflict);
    }

    /// <summary>The page after a lost race: the user's input is kept, the stored version shown, status 409.</summary>
    protected IActionResult ConflictResult()
    {
        Conflict = true;
        ModelState.Clear();
        return Status(StatusCodes.Status409Conflict);
    }

    protected IActionResult Status(int status)
    {
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    protected IActionResult BackToFile(string message, string? anchor = null)
    {
        TempData["Message"] = message;
        return Redirect(Header.Url + (anchor is null ? "" : "#" + anchor));
    }

    /// <summary>Saves, telling a lost race (another edit moved the version) from success.</summary>
    protected static async Task<bool> TrySaveAsync(Infrastructure.Data.RelaisDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
