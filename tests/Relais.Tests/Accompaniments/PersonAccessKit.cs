using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Arrears;
using Relais.Features.Users;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

/// <summary>
/// The confidential file of <see cref="ConfidentialFile"/> plus what is written with the person — a goal with an action,
/// a review, a meeting, a right, a strength — each item carrying marker text; the team-level free text (meeting
/// summary, review note, right comment) carries markers the person must never get.
/// </summary>
internal sealed class PersonFileArrangement
{
    public required ConfidentialFile File { get; init; }
    public required Guid GoalId { get; init; }
    public required Guid ActionId { get; init; }
    public required Guid MeetingId { get; init; }
    public required string Goal { get; init; }
    public required string Action { get; init; }
    public required string Partner { get; init; }
    public required string MeetingSummary { get; init; }
    public required string ReviewNote { get; init; }
    public required string RightComment { get; init; }
    public required DateOnly Due { get; init; }

    public World World => File.World;

    /// <summary>Team-level texts the person never reads, with the team and private notes.</summary>
    public IEnumerable<string> TeamOnlyTexts =>
    [
        MeetingSummary, ReviewNote, RightComment,
        File.NoteText(Features.Accompaniments.Confidential.ConfidentialityLevel.Team),
        File.NoteText(Features.Accompaniments.Confidential.ConfidentialityLevel.Private),
        File.DocumentTitle(Features.Accompaniments.Confidential.ConfidentialityLevel.Team),
        File.DocumentTitle(Features.Accompaniments.Confidential.ConfidentialityLevel.Private),
    ];

    public static async Task<PersonFileArrangement> ArrangeAsync(World w)
    {
        var file = await ConfidentialFile.ArrangeAsync(w);
        var tag = file.Tag;
        var worker = w.Users[Role.SocialWorker];
        var goalText = $"Retrouver un équilibre budgétaire « serein » {tag}";
        var actionText = $"Déposer le dossier FSL à l’accueil {tag}";
        var partner = $"CCAS d’Arcueil {tag}";
        var due = FileKit.Today.AddDays(12);
        var goal = await FileKit.AddAsync(w, new AccompanimentGoal { OrganisationId = w.Id, AccompanimentId = file.AccompanimentId, Wording = goalText, SetOn = new DateOnly(2026, 1, 20) });
        var action = await FileKit.AddAsync(w, new GoalAction { OrganisationId = w.Id, GoalId = goal.Id, Description = actionText, Actor = ActionActor.Partner, PartnerName = partner, DueOn = due });
        await FileKit.AddAsync(w, new GoalReview { OrganisationId = w.Id, GoalId = goal.Id, ReviewedOn = new DateOnly(2026, 2, 10), Note = $"REVUE-{tag} point interne", StatusAfter = GoalStatus.InProgress, ByName = worker.DisplayName });
        var meeting = await FileKit.AddAsync(w, new AccompanimentMeeting
        {
            OrganisationId = w.Id,
            AccompanimentId = file.AccompanimentId,
            HeldOn = new DateOnly(2026, 2, 3),
            Medium = MeetingMedium.Home,
            Participants = $"Benoît Lefèvre, {worker.DisplayName}",
            Summary = $"CR-{tag} appréciation de l’équipe",
            RecordedByUserId = worker.Id,
            RecordedByName = worker.DisplayName,
        });
        await FileKit.AddAsync(w, new AccompanimentStrength { OrganisationId = w.Id, AccompanimentId = file.AccompanimentId, Kind = StrengthKind.SupportPerson, Text = $"Sa sœur Inès {tag}" });
        var apl = await FileKit.RightIdAsync(w, "APL");
        await FileKit.AddAsync(w, new AccompanimentRight { OrganisationId = w.Id, AccompanimentId = file.AccompanimentId, RightKindId = apl, Status = RightStatus.Requested, RequestedOn = new DateOnly(2026, 2, 4), CheckedOn = new DateOnly(2026, 2, 4), Comment = $"COMMENTAIRE-{tag} interne" });
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            db.AccompanimentReferents.Add(new AccompanimentReferent { OrganisationId = w.Id, AccompanimentId = file.AccompanimentId, UserId = worker.Id });
            await db.SaveChangesAsync();
        }

        return new PersonFileArrangement
        {
            File = file,
            GoalId = goal.Id,
            ActionId = action.Id,
            MeetingId = meeting.Id,
            Goal = goalText,
            Action = actionText,
            Partner = partner,
            MeetingSummary = $"CR-{tag}",
            ReviewNote = $"REVUE-{tag}",
            RightComment = $"COMMENTAIRE-{tag}",
            Due = due,
        };
    }

    /// <summary>
    /// The file's arrears follow-up: an active plan of 1,240 € agreed on 15 December 2025 (instalment 1 missed by the
    /// worker's verdict, instalment 2 in two months), an FSL request pending, a payment order of 12 January 2026. Returns the
    /// markers of the team's notes on them, which the person never reads.
    /// </summary>
    public async Task<string[]> AddArrearsAsync()
    {
        var w = World;
        var tag = File.Tag;
        var plan = new RepaymentPlan
        {
            OrganisationId = w.Id, AccompanimentId = File.AccompanimentId, TotalDebt = 1240m, StartMonth = new DateOnly(2026, 1, 1),
            AgreedWith = PlanCounterparty.Landlord, AgreedOn = new DateOnly(2025, 12, 15), Status = PlanStatus.Active,
            Note = $"PLAN-{tag} note interne", RecordedByName = "Camille",
        };
        var later = FileKit.Today.AddMonths(2);
        plan.Instalments.Add(new RepaymentInstalment
        {
            OrganisationId = w.Id, Number = 1, Month = new DateOnly(2026, 1, 1), DueOn = new DateOnly(2026, 1, 10), Amount = 100m,
            Verdict = InstalmentVerdict.Missed, VerdictReason = $"VERDICT-{tag} motif interne", VerdictByName = "Camille", VerdictOn = new DateOnly(2026, 1, 20),
        });
        plan.Instalments.Add(new RepaymentInstalment
        {
            OrganisationId = w.Id, Number = 2, Month = new DateOnly(later.Year, later.Month, 1), DueOn = new DateOnly(later.Year, later.Month, 10), Amount = 100m,
        });
        await FileKit.AddAsync(w, plan);
        await FileKit.AddAsync(w, new FslRequest
        {
            OrganisationId = w.Id, AccompanimentId = File.AccompanimentId, Purpose = FslPurpose.Maintenance, FiledOn = new DateOnly(2026, 1, 5),
            AmountRequested = 600m, Decision = FslDecision.Pending, Note = $"FSL-{tag} note interne",
        });
        await FileKit.AddAsync(w, new EvictionStep
        {
            OrganisationId = w.Id, AccompanimentId = File.AccompanimentId, Stage = EvictionStage.PaymentOrder, On = new DateOnly(2026, 1, 12),
            NextOn = new DateOnly(2026, 3, 12), Note = $"EXPULSION-{tag} note interne", RecordedByName = "Camille",
        });
        return [$"PLAN-{tag}", $"VERDICT-{tag}", $"FSL-{tag}", $"EXPULSION-{tag}"];
    }

    /// <summary>A Habitant account for Zoé, the other member of the accompanied person's household.</summary>
    public async Task<AppUser> HouseholdMemberAccountAsync()
    {
        var zoe = World.NorthHousehold.Members.Single(m => m.FirstName == "Zoé");
        var email = $"zoe-{Guid.NewGuid():N}@test.relais.local";
        var user = new AppUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = "Zoé Lefèvre",
            Role = Role.Resident,
            OrganisationId = World.Id,
            PersonId = zoe.Id,
            LockoutEnabled = true,
            PasswordHash = World.App.PasswordHash,
        };
        await using var scope = World.App.SystemScope(World.Id, out var db);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }
}

/// <summary>
/// Reads the text of a PDF without the writer's code: checks the structure (header, cross-reference offsets pointing at
/// their objects, trailer), inflates the page content streams and decodes their strings as WinAnsi (code page 1252).
/// </summary>
internal static partial class PdfText
{
    static PdfText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Extract(byte[] pdf)
    {
        var latin = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-1.", latin);
        Assert.EndsWith("%%EOF\n", latin);
        var start = StartXref().Match(latin);
        Assert.True(start.Success, "no startxref");
        var xref = int.Parse(start.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref\n0 ", latin[xref..]);
        var header = XrefHeader().Match(latin, xref);
        var count = int.Parse(header.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var entries = latin[(header.Index + header.Length)..].Split('\n').Take(count).ToList();
        for (var n = 1; n < count; n++)
        {
            var offset = int.Parse(entries[n][..10], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(latin[offset..].StartsWith($"{n} 0 obj", StringComparison.Ordinal), $"xref entry {n} points at {latin.Substring(offset, 12)}");
        }

        Assert.Contains("/Type /Catalog", latin);
        Assert.Contains("/FontFile2", latin); // the font is embedded

        var text = new StringBuilder();
        var windows = Encoding.GetEncoding(1252);
        foreach (Match m in ContentStream().Matches(latin))
        {
            var length = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var dataStart = m.Index + m.Length;
            using var z = new ZLibStream(new MemoryStream(pdf, dataStart, length), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            z.CopyTo(plain);
            var ops = Encoding.Latin1.GetString(plain.ToArray());
            foreach (Match s in ShowText().Matches(ops))
            {
                text.AppendLine(windows.GetString(Unescape(s.Groups[1].Value)));
            }
        }

        return text.ToString();
    }

    /// <summary>The text as poppler's pdftotext reads it, when the tool is installed (Debian package poppler-utils); null otherwise.</summary>
    public static string? Poppler(byte[] pdf)
    {
        if (!File.Exists("/usr/bin/pdftotext"))
        {
            return null;
        }

        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/pdftotext", ["-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Unescape(string s)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\')
            {
                bytes.Add((byte)s[i]);
                continue;
            }

            i++;
            if (char.IsAsciiDigit(s[i]))
            {
                var end = i;
                while (end < s.Length && end < i + 3 && char.IsAsciiDigit(s[end]))
                {
                    end++;
                }

                bytes.Add(Convert.ToByte(s[i..end], 8));
                i = end - 1;
            }
            else
            {
                bytes.Add((byte)s[i]);
            }
        }

        return bytes.ToArray();
    }

    public static string Flat(string text) => Regex.Replace(text, @"\s+", " ").Replace('\u00a0', ' ');

    [GeneratedRegex(@"startxref\n(\d+)\n%%EOF\n$")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"xref\n0 (\d+)\n")]
    private static partial Regex XrefHeader();

    [GeneratedRegex(@"<< /Length (\d+) /Filter /FlateDecode >>\nstream\n")]
    private static partial Regex ContentStream();

    [GeneratedRegex(@"\(((?:\\.|[^\\)])*)\) Tj")]
    private static partial Regex ShowText();
}
