using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Ledger;

/// <summary>What the first pass found: how the file reads, its report, and the figures of what would be imported.</summary>
public sealed record LedgerAnalysis(LedgerFileFormat Format, LedgerReport Report, long LinesRead, int HouseholdsToCreate, DateOnly? FirstMonth, DateOnly? LastMonth)
{
    public bool Accepted => Report.ErrorCount == 0;
}

/// <summary>
/// The one import engine, used by the page and by the <c>import-ledger</c> command. All or nothing per file:
/// <list type="number">
/// <item>the bytes are checked (encoding), then every line is parsed and validated in a streaming pass that writes
/// nothing; any error refuses the whole file, with a report (line, column, value, reason; the first 100 errors and
/// the count);</item>
/// <item>a valid file is read again and written in ONE transaction (households to create first, then the lines,
/// replacing those of the same household and month, then the import row and the column mapping): killed half-way, the
/// database is as before. On SQLite the lines are written during the first pass, in that transaction, as long as no
/// error is found; an error rolls it back (same result, one reading of the file instead of two);</item>
/// <item>after the commit, every <see cref="ILedgerImportListener"/> is told.</item>
/// </list>
/// Memory does not grow with the file: lines are streamed; only one small entry per household is kept.
/// </summary>
public sealed class LedgerImporter(
    RelaisDbContext db,
    TenantContext tenant,
    TimeProvider clock,
    IEnumerable<ILedgerImportListener> listeners,
    IConfiguration configuration,
    ILogger<LedgerImporter> logger)
{
    /// <summary>
    /// PostgreSQL: from how many lines a COPY into a ledger holding fewer lines rebuilds its key once instead of
    /// maintaining it line by line (setting <c>Ledger:RebuildKeyFromLines</c>, lowered by the tests).
    /// </summary>
    private long RebuildKeyFrom => configuration.GetValue("Ledger:RebuildKeyFromLines", 100_000L);

    private const int ProgressEvery = 16_384;
    private const long MaxMonthlyAmountCents = 50_000_00;
    private const long MaxBalanceCents = 1_000_000_00;
    private const int ReferenceMaxLength = 40;

    private Guid OrganisationId => tenant.OrganisationId ?? throw new InvalidOperationException("An import needs an organisation.");

    /// <summary>Records the start of an import (status "En cours"); its id follows the progress and the report.</summary>
    public async Task<LedgerImport> StartAsync(string fileName, Guid? userId, string userName, CancellationToken ct)
    {
        var import = new LedgerImport
        {
            OrganisationId = OrganisationId,
            FileName = LedgerFields.Clip(Path.GetFileName(fileName), 250),
            UserId = userId,
            UserName = LedgerFields.Clip(userName, 150),
            StartedAt = clock.GetUtcNow(),
            Status = LedgerImportStatus.Running,
        };
        db.LedgerImports.Add(import);
        await db.SaveChangesAsync(ct);
        return import;
    }

    /// <summary>The saved mapping of the organisation (field → header), empty when none was saved yet.</summary>
    public async Task<Dictionary<LedgerField, string>> SavedMappingAsync(CancellationToken ct)
    {
        var saved = await db.LedgerColumnMappings.AsNoTracking().Select(m => m.Columns).FirstOrDefaultAsync(ct);
        return LedgerFields.ParseMapping(saved);
    }

    /// <summary>Reads the format and the first lines only: for the preview.</summary>
    public async Task<LedgerFileFormat> DetectAsync(string path, LedgerImportOptions options, CancellationToken ct)
    {
        var saved = await SavedMappingAsync(ct);
        await using var stream = OpenRead(path);
        return LedgerFileFormat.Detect(stream, options, saved);
    }

    /// <summary>The first pass alone (dry run): nothing is written.</summary>
    public async Task<LedgerAnalysis> AnalyseAsync(string path, LedgerImportOptions options, IProgress<LedgerProgress>? progress, CancellationToken ct)
    {
        var work = await ValidateAsync(path, options, progress, null, ct);
        return work.Analysis();
    }

    /// <summary>Runs import <paramref name="importId"/> (created by <see cref="StartAsync"/>) on the file at <paramref name="path"/>.</summary>
    public async Task<LedgerImport> RunAsync(Guid importId, string path, LedgerImportOptions options, IProgress<LedgerProgress>? progress, CancellationToken ct)
    {
        var import = await db.LedgerImports.FirstAsync(i => i.Id == importId, ct);
        Work? work = null;
        try
        {
            // SQLite: one pass checks and writes in one transaction, rolled back at the first error; PostgreSQL checks
            // first, because how it writes (straight COPY, staging table, key rebuilt) depends on the whole file.
            work = db.IsPostgres ? await ValidateAsync(path, options, progress, null, ct) : await CheckAndWriteAsync(importId, path, options, progress, ct);
            var analysis = work.Analysis();
            Describe(import, analysis);
            if (!analysis.Accepted)
            {
                import.Status = LedgerImportStatus.Refused;
                import.LinesImported = 0;
                import.HouseholdsCreated = 0;
                import.FinishedAt = clock.GetUtcNow();
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Ledger import {ImportId} refused: {Errors} errors", importId, analysis.Report.ErrorCount);
                progress?.Report(new LedgerProgress(LedgerImportPhase.Finished, work.Lines, 1, 1));
                return import;
            }

            if (db.IsPostgres)
            {
                await WriteAsync(work, importId, path, progress, ct);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever stopped it (database, file, cancellation, a bug), the transaction was rolled back: say so.
            logger.LogError(e, "Ledger import {ImportId} failed; its transaction was rolled back", importId);
            db.ChangeTracker.Clear();
            import = await db.LedgerImports.FirstAsync(i => i.Id == importId, CancellationToken.None);
            var report = LedgerReport.FromJson(import.Report);
            report.Notes.Add(e is OperationCanceledException
                ? "Import interrompu (arrêt du service) : rien n'a été importé. Relancez-le."
                : $"Import interrompu par une erreur : rien n'a été importé. ({LedgerFields.Clip(e.Message, 300)})");
            import.Report = report.ToJson();
            import.Status = LedgerImportStatus.Failed;
            import.LinesImported = 0;
            import.HouseholdsCreated = 0;
            import.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            progress?.Report(new LedgerProgress(LedgerImportPhase.Finished, work?.Lines ?? 0, 1, 1));
            return import;
        }

        db.ChangeTracker.Clear();
        import = await db.LedgerImports.FirstAsync(i => i.Id == importId, ct);
        // Committed: what follows an import (signal detection) runs now, in its own unit of work.
        progress?.Report(new LedgerProgress(LedgerImportPhase.AfterImport, work.Lines, 1, 1));
        await NotifyAsync(import, work, ct);
        progress?.Report(new LedgerProgress(LedgerImportPhase.Finished, work.Lines, 1, 1));
        return import;
    }

    private static void Describe(LedgerImport import, LedgerAnalysis analysis)
    {
        import.Encoding = analysis.Format.EncodingName;
        import.Delimiter = analysis.Format.Delimiter.ToString();
        import.LinesRead = analysis.LinesRead;
        import.ErrorCount = analysis.Report.ErrorCount;
        import.FirstMonth = analysis.FirstMonth;
        import.LastMonth = analysis.LastMonth;
        import.Report = analysis.Report.ToJson();
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    // ---------------------------------------------------------------- first pass

    /// <summary>The first pass; with a <paramref name="writer"/>, the lines are also written as long as no error is found.</summary>
    private async Task<Work> ValidateAsync(string path, LedgerImportOptions options, IProgress<LedgerProgress>? progress, ILedgerLineWriter? writer, CancellationToken ct)
    {
        progress?.Report(new LedgerProgress(LedgerImportPhase.Checking, 0, 0, 1));
        var saved = await SavedMappingAsync(ct);
        LedgerFileFormat format;
        await using (var stream = OpenRead(path))
        {
            format = LedgerFileFormat.Detect(stream, options, saved);
        }

        var work = new Work(format, options.CreateHouseholds, clock.GetUtcNow());
        if (!work.Readable())
        {
            return work;
        }

        await foreach (var h in db.Households.AsNoTracking().Select(h => new { h.Id, h.TenantReference }).AsAsyncEnumerable().WithCancellation(ct))
        {
            work.Slots[h.TenantReference] = new HouseholdSlot(h.Id, h.TenantReference, exists: true);
        }

        if (writer is not null)
        {
            await writer.BeginAsync(ct);
        }

        await Task.Run(() => Pass(work, path, validate: true, writer, progress, ct), ct);
        if (work.Lines == 0 && work.Report.ErrorCount == 0)
        {
            work.Report.Error(1, "—", "", "Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer.");
        }

        if (work.Created.Count > 0 && work.Report.ErrorCount == 0)
        {
            var dwellings = new Dictionary<string, Guid>(StringComparer.Ordinal);
            await foreach (var d in db.Dwellings.AsNoTracking().Select(d => new { d.Id, d.Reference }).AsAsyncEnumerable().WithCancellation(ct))
            {
                dwellings[d.Reference] = d.Id;
            }

            foreach (var slot in work.Created)
            {
                if (slot.LatestDwelling.Length == 0)
                {
                    continue;
                }

                if (dwellings.TryGetValue(slot.LatestDwelling, out var dwellingId))
                {
                    slot.DwellingId = dwellingId;
                }
                else
                {
                    work.Report.Warning(0, work.Header(LedgerField.DwellingReference), slot.LatestDwelling,
                        $"logement inconnu : le ménage « {slot.Reference} » sera créé sans logement");
                }
            }
        }

        return work;
    }

    /// <summary>Reads every line; validates (first pass) or hands each line to <paramref name="writer"/> (second pass).</summary>
    private static void Pass(Work work, string path, bool validate, ILedgerLineWriter? writer, IProgress<LedgerProgress>? progress, CancellationToken ct)
    {
        var format = work.Format;
        var phase = !validate ? LedgerImportPhase.Writing : writer is null ? LedgerImportPhase.Validating : LedgerImportPhase.ValidatingAndWriting;
        using var stream = OpenRead(path);
        var total = stream.Length;
        var reader = new LedgerCsvReader(stream, format.Encoding!, format.Delimiter);
        reader.Read(); // the header
        var decimalSeparator = format.DecimalSeparator;
        var row = new LedgerRow();
        long lines = 0;
        while (reader.Read())
        {
            lines++;
            if (lines % ProgressEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new LedgerProgress(phase, lines, reader.BytesConsumed, total));
            }

            // Checking and writing at once, the writing stops at the first error: the transaction is then rolled back.
            if (ParseLine(work, reader, validate, ref decimalSeparator, ref row) && work.Report.ErrorCount == 0)
            {
                writer?.Write(row);
            }
        }

        if (validate)
        {
            work.Lines = lines;
        }
        else if (lines != work.Lines)
        {
            throw new InvalidOperationException("Le fichier a changé entre le contrôle et l'écriture.");
        }

        progress?.Report(new LedgerProgress(phase, lines, total, total));
    }

    internal static bool FieldCountFits(int count, int expected, Func<int, bool> isEmpty)
    {
        if (count == expected)
        {
            return true;
        }

        if (count < expected)
        {
            return false;
        }

        for (var i = expected; i < count; i++)
        {
            if (!isEmpty(i))
            {
                return false; // trailing empty values (a delimiter at the end of the line) are tolerated
            }
        }

        return true;
    }

    private static bool TrailingValuesEmpty(LedgerCsvReader reader, int expected)
    {
        if (reader.FieldCount < expected)
        {
            return false;
        }

        for (var i = expected; i < reader.FieldCount; i++)
        {
            if (!reader.Field(i).IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    internal static bool EmptyMeansZero(LedgerField field) => field is LedgerField.Paid or LedgerField.HousingBenefit;

    internal static string Describe(RecordProblem problem, int maxChars) => problem switch
    {
        RecordProblem.TooLong => $"ligne trop longue (plus de {maxChars / 1024} Ko) : ce n'est pas une ligne de relevé ; le fichier est-il le bon ?",
        RecordProblem.UnterminatedQuote => "guillemet ouvert jamais refermé : la dernière ligne est-elle tronquée ?",
        RecordProblem.TextAfterQuote => "texte après un guillemet fermant : guillemet mal placé",
        _ => "",
    };

    private static bool ParseLine(Work work, LedgerCsvReader reader, bool validate, ref char decimalSeparator, ref LedgerRow row)
    {
        var line = reader.LineNumber;
        var report = work.Report;
        if (reader.Problem != RecordProblem.None)
        {
            return work.Fail(validate, line, "—", reader.Excerpt(), Describe(reader.Problem, reader.MaxRecordChars));
        }

        var expected = work.HeaderCount;
        if (reader.TooManyFields || (reader.FieldCount != expected && !TrailingValuesEmpty(reader, expected)))
        {
            var count = reader.TooManyFields ? "plus de 256" : reader.FieldCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var hint = reader.FieldCount < expected
                ? " : ligne tronquée ?"
                : work.Format.Delimiter == ',' ? " : une valeur contient-elle une virgule non entourée de guillemets (ex. un montant « 12,50 ») ?" : "";
            return work.Fail(validate, line, "—", reader.Excerpt(), $"{count} colonnes au lieu de {expected}{hint}");
        }

        var ok = true;
        var tenantReference = reader.Field(work.TenantIndex);
        if (tenantReference.IsEmpty)
        {
            ok = work.Fail(validate, line, work.Header(LedgerField.TenantReference), "", "référence locataire manquante");
        }
        else if (tenantReference.Length > ReferenceMaxLength)
        {
            ok = work.Fail(validate, line, work.Header(LedgerField.TenantReference), tenantReference.ToString(), $"référence de plus de {ReferenceMaxLength} caractères");
        }

        var dwelling = work.DwellingIndex >= 0 ? reader.Field(work.DwellingIndex) : [];
        if (dwelling.Length > ReferenceMaxLength)
        {
            ok = work.Fail(validate, line, work.Header(LedgerField.DwellingReference), dwelling.ToString(), $"référence de plus de {ReferenceMaxLength} caractères");
        }

        var monthText = reader.Field(work.MonthIndex);
        if (!LedgerValues.TryParseMonth(monthText, out var month, out var monthError))
        {
            ok = work.Fail(validate, line, work.Header(LedgerField.Month), monthText.ToString(), monthError!);
        }
        else if (month > work.LatestAcceptedMonth)
        {
            ok = work.Fail(validate, line, work.Header(LedgerField.Month), monthText.ToString(), "mois trop loin dans le futur (plus d'un an)");
        }

        ok &= Amount(work, reader, LedgerField.Billed, work.BilledIndex, validate, ref decimalSeparator, out row.Billed);
        ok &= Amount(work, reader, LedgerField.Paid, work.PaidIndex, validate, ref decimalSeparator, out row.Paid);
        ok &= Amount(work, reader, LedgerField.HousingBenefit, work.BenefitIndex, validate, ref decimalSeparator, out row.HousingBenefit);
        ok &= Amount(work, reader, LedgerField.Balance, work.BalanceIndex, validate, ref decimalSeparator, out row.Balance);
        if (!ok)
        {
            return false;
        }

        if (!work.Lookup.TryGetValue(tenantReference, out var slot))
        {
            var reference = tenantReference.ToString();
            if (!work.CreateHouseholds)
            {
                work.Slots[reference] = new HouseholdSlot(Guid.Empty, reference, exists: false) { Unknown = true };
                return work.Fail(validate, line, work.Header(LedgerField.TenantReference), reference,
                    "référence locataire inconnue dans Relais (les autres lignes de ce ménage ne sont pas répétées) ; cochez « créer les ménages inconnus » pour le créer");
            }

            slot = new HouseholdSlot(Guid.CreateVersion7(), reference, exists: false);
            work.Slots[reference] = slot;
            work.Created.Add(slot);
        }
        else if (slot.Unknown)
        {
            return false;
        }

        var dwellingText = slot.LastDwelling is { } last && dwelling.SequenceEqual(last) ? last : dwelling.ToString();
        slot.LastDwelling = dwellingText;
        if (validate)
        {
            if (!slot.Months.Add(month))
            {
                return work.Fail(validate, line, work.Header(LedgerField.Month), monthText.ToString(),
                    $"ligne en double : le ménage « {slot.Reference} » a déjà une ligne pour {LedgerValues.MonthLabel(month)} plus haut dans le fichier");
            }

            if (!slot.Touched)
            {
                slot.Touched = true;
                work.Touched.Add(slot);
            }

            if (month > slot.LatestMonth)
            {
                slot.LatestMonth = month;
                slot.LatestDwelling = dwellingText;
            }

            if (slot.PreviousMonth == month - 1 && work.BalanceIndex >= 0)
            {
                var expectedBalance = slot.PreviousBalance + row.Billed - row.Paid - row.HousingBenefit;
                if (Math.Abs(expectedBalance - row.Balance) > 1)
                {
                    report.Warning(line, work.Header(LedgerField.Balance), reader.Field(work.BalanceIndex).ToString(),
                        $"solde incohérent : le solde précédent et les mouvements du mois donnent {LedgerValues.FormatCents(expectedBalance)} € (régularisation ?)");
                }
            }

            slot.PreviousMonth = month;
            slot.PreviousBalance = row.Balance;
            work.SawMonth(month);
        }

        row.Household = slot;
        row.DwellingReference = dwellingText;
        row.Month = month;
        return true;
    }

    private static bool Amount(Work work, LedgerCsvReader reader, LedgerField field, int index, bool validate, ref char decimalSeparator, out long cents)
    {
        cents = 0;
        if (index < 0)
        {
            return true; // optional column absent: zero
        }

        var text = reader.Field(index);
        if (text.IsEmpty && EmptyMeansZero(field))
        {
            return true;
        }

        if (!LedgerValues.TryParseAmount(text, ref decimalSeparator, out cents, out var error))
        {
            return work.Fail(validate, reader.LineNumber, work.Header(field), text.ToString(), error!);
        }

        if (field == LedgerField.Balance)
        {
            if (Math.Abs(cents) > MaxBalanceCents)
            {
                return work.Fail(validate, reader.LineNumber, work.Header(field), text.ToString(), "solde invraisemblable (plus de 1 000 000 €)");
            }
        }
        else if (cents < 0)
        {
            return work.Fail(validate, reader.LineNumber, work.Header(field), text.ToString(), "montant négatif : seul le solde peut être négatif (avance du locataire)");
        }
        else if (cents > MaxMonthlyAmountCents)
        {
            return work.Fail(validate, reader.LineNumber, work.Header(field), text.ToString(), "montant invraisemblable pour un mois (plus de 50 000 €)");
        }

        return true;
    }

    /// <summary>
    /// Reads and validates a file without a database (every reference counts as a household to create) and returns its
    /// lines as the importer understands them: the same code as the first pass. For tests and tools.
    /// </summary>
    internal static (LedgerAnalysis Analysis, List<LedgerFileLine> Lines) ReadFile(string path, LedgerImportOptions options, DateTimeOffset now)
    {
        LedgerFileFormat format;
        using (var stream = OpenRead(path))
        {
            format = LedgerFileFormat.Detect(stream, options, saved: null);
        }

        var work = new Work(format, createHouseholds: true, now);
        var lines = new List<LedgerFileLine>();
        if (work.Readable())
        {
            Pass(work, path, validate: true, new CollectingWriter(lines), progress: null, CancellationToken.None);
            if (work.Lines == 0 && work.Report.ErrorCount == 0)
            {
                work.Report.Error(1, "—", "", "Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer.");
            }
        }

        return (work.Analysis(), lines);
    }

    private sealed class CollectingWriter(List<LedgerFileLine> lines) : ILedgerLineWriter
    {
        public Task BeginAsync(CancellationToken ct) => Task.CompletedTask;

        public Task EndWritingAsync(CancellationToken ct) => Task.CompletedTask;

        public void Write(in LedgerRow row) => lines.Add(new LedgerFileLine(row.Household.Reference, row.DwellingReference,
            LedgerValues.MonthStart(row.Month), PostgresLedgerWriter.Money(row.Billed), PostgresLedgerWriter.Money(row.Paid),
            PostgresLedgerWriter.Money(row.HousingBenefit), PostgresLedgerWriter.Money(row.Balance)));

        public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

        public long Changed => lines.Count;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    // ---------------------------------------------------------------- SQLite: one pass

    /// <summary>
    /// SQLite: checks and writes the lines in the same pass and ONE transaction (there is no foreign key from the ledger
    /// to the households, so the households to create are added after their lines); a file with an error is rolled
    /// back whole, and nothing of it is left, as with the two passes.
    /// </summary>
    private async Task<Work> CheckAndWriteAsync(Guid importId, string path, LedgerImportOptions options, IProgress<LedgerProgress>? progress, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using var writer = new SqliteLedgerWriter((SqliteConnection)db.Database.GetDbConnection(),
                (SqliteTransaction)transaction.GetDbTransaction(), OrganisationId, importId);
            var work = await ValidateAsync(path, options, progress, writer, ct);
            var analysis = work.Analysis();
            if (!analysis.Accepted)
            {
                await transaction.RollbackAsync(ct);
                return work;
            }

            progress?.Report(new LedgerProgress(LedgerImportPhase.Saving, work.Lines, 1, 1));
            await CreateHouseholdsAsync(work, progress, ct);
            await writer.CompleteAsync(ct);
            await RecordSuccessAsync(work, analysis, importId, writer.Changed, ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Ledger import {ImportId} committed: {Lines} lines, {Created} households created", importId, work.Lines, work.Created.Count);
            return work;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task RecordSuccessAsync(Work work, LedgerAnalysis analysis, Guid importId, long changed, CancellationToken ct)
    {
        var import = await db.LedgerImports.FirstAsync(i => i.Id == importId, ct);
        analysis.Report.LinesUnchanged = work.Lines - changed;
        Describe(import, analysis);
        import.Status = LedgerImportStatus.Succeeded;
        import.LinesImported = work.Lines;
        import.HouseholdsCreated = work.Created.Count;
        import.FinishedAt = clock.GetUtcNow();
        await SaveMappingAsync(work.Format.Columns!, ct);
        await db.SaveChangesAsync(ct);
    }

    // ---------------------------------------------------------------- PostgreSQL: second pass

    private async Task WriteAsync(Work work, Guid importId, string path, IProgress<LedgerProgress>? progress, CancellationToken ct)
    {
        var organisationId = OrganisationId;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var connection = db.Database.GetDbConnection();
            var analysis = work.Analysis();
            // PostgreSQL: a monthly import usually brings months the organisation does not have yet, and can then be
            // copied straight into the ledger; otherwise the lines go through a staging table that replaces them.
            // Ledger lines only come from imports, so the imports' month ranges say it without scanning the ledger.
            var staged = await db.LedgerImports.AnyAsync(
                i => i.Status == LedgerImportStatus.Succeeded && i.FirstMonth <= analysis.LastMonth && i.LastMonth >= analysis.FirstMonth, ct);
            await using ILedgerLineWriter writer = new PostgresLedgerWriter((NpgsqlConnection)connection, organisationId, importId,
                replacesLines: staged, lines: work.Lines, rebuildKeyFrom: RebuildKeyFrom);

            // The households to create come first when the lines are checked against them as they are written; through
            // the staging table they are created after the long COPY (their audit lines hold the audit lock until commit).
            if (!staged)
            {
                await CreateHouseholdsAsync(work, progress, ct);
            }

            logger.LogInformation("Ledger import {ImportId}: writing {Lines} lines", importId, work.Lines);
            await writer.BeginAsync(ct);
            await Task.Run(() => Pass(work, path, validate: false, writer, progress, ct), ct);
            await writer.EndWritingAsync(ct);
            progress?.Report(new LedgerProgress(LedgerImportPhase.Saving, work.Lines, 1, 1));
            if (staged)
            {
                await CreateHouseholdsAsync(work, progress, ct);
            }

            await writer.CompleteAsync(ct);

            await RecordSuccessAsync(work, analysis, importId, writer.Changed, ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Ledger import {ImportId} committed: {Lines} lines, {Created} households created", importId, work.Lines, work.Created.Count);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task CreateHouseholdsAsync(Work work, IProgress<LedgerProgress>? progress, CancellationToken ct)
    {
        const int batch = 500;
        // Only additions are tracked here, and SaveChanges detects changes once itself: automatic detection on every
        // DbSet.Local access (the search keys refresh) would make each batch quadratic.
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await CreateHouseholdBatchesAsync(work, batch, progress, ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        // Creating many households through EF leaves a lot of garbage behind; hand it back before the long write
        // (whose database page cache then grows) so that the import's peak memory stays low (goal: 500 MB for 3.6 M lines).
        if (work.Created.Count >= 10_000)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    private async Task CreateHouseholdBatchesAsync(Work work, int batch, IProgress<LedgerProgress>? progress, CancellationToken ct)
    {
        for (var start = 0; start < work.Created.Count; start += batch)
        {
            var slots = work.Created.Skip(start).Take(batch).ToList();
            var dwellingIds = slots.Where(s => s.DwellingId is not null).Select(s => s.DwellingId!.Value).Distinct().ToList();
            // Loaded with their building and residence so that the households' search keys are computed without a query each.
            var dwellings = dwellingIds.Count == 0
                ? []
                : await db.Dwellings.Include(d => d.Building!).ThenInclude(b => b.Residence).Where(d => dwellingIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
            foreach (var slot in slots)
            {
                db.Households.Add(new Household
                {
                    Id = slot.Id,
                    OrganisationId = OrganisationId,
                    TenantReference = slot.Reference,
                    Dwelling = slot.DwellingId is { } id ? dwellings[id] : null,
                });
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            progress?.Report(new LedgerProgress(LedgerImportPhase.Saving, work.Lines, 1, 1));
        }
    }

    private async Task SaveMappingAsync(ColumnMap columns, CancellationToken ct)
    {
        var json = LedgerFields.SerializeMapping(columns.ToMapping());
        var mapping = await db.LedgerColumnMappings.FirstOrDefaultAsync(ct);
        if (mapping is null)
        {
            db.LedgerColumnMappings.Add(new LedgerColumnMapping { OrganisationId = OrganisationId, Columns = json });
        }
        else if (mapping.Columns != json)
        {
            mapping.Columns = json;
        }
    }

    private async Task NotifyAsync(LedgerImport import, Work work, CancellationToken ct)
    {
        var listenerList = listeners.ToList();
        if (listenerList.Count == 0 || import.FirstMonth is null || import.LastMonth is null)
        {
            return;
        }

        var imported = new LedgerImportedEvent(import.OrganisationId, import.Id, import.FirstMonth.Value, import.LastMonth.Value,
            work.Touched.Select(s => s.Id).ToList());
        var failures = new List<string>();
        foreach (var listener in listenerList)
        {
            try
            {
                await listener.LedgerImportedAsync(imported, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogError(e, "Ledger listener {Listener} failed after import {ImportId}", listener.GetType().Name, import.Id);
                failures.Add($"Le traitement « {listener.GetType().Name} » qui suit l'import a échoué ; l'import lui-même est bien enregistré. ({LedgerFields.Clip(e.Message, 200)})");
            }
        }

        if (failures.Count > 0)
        {
            db.ChangeTracker.Clear();
            var saved = await db.LedgerImports.FirstAsync(i => i.Id == import.Id, CancellationToken.None);
            var report = LedgerReport.FromJson(saved.Report);
            report.Notes.AddRange(failures);
            saved.Report = report.ToJson();
            await db.SaveChangesAsync(CancellationToken.None);
            import.Report = saved.Report;
        }
    }

    /// <summary>The state of one import between its two passes.</summary>
    private sealed class Work
    {
        public Work(LedgerFileFormat format, bool createHouseholds, DateTimeOffset now)
        {
            Format = format;
            CreateHouseholds = createHouseholds;
            Lookup = Slots.GetAlternateLookup<ReadOnlySpan<char>>();
            LatestAcceptedMonth = LedgerValues.MonthNumber(now.Year, now.Month) + 12;
            if (format.Columns is { } columns)
            {
                HeaderCount = columns.Headers.Count;
                TenantIndex = columns.IndexOf(LedgerField.TenantReference);
                DwellingIndex = columns.IndexOf(LedgerField.DwellingReference);
                MonthIndex = columns.IndexOf(LedgerField.Month);
                BilledIndex = columns.IndexOf(LedgerField.Billed);
                PaidIndex = columns.IndexOf(LedgerField.Paid);
                BenefitIndex = columns.IndexOf(LedgerField.HousingBenefit);
                BalanceIndex = columns.IndexOf(LedgerField.Balance);
            }
        }

        public LedgerFileFormat Format { get; }
        public bool CreateHouseholds { get; }
        public Dictionary<string, HouseholdSlot> Slots { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, HouseholdSlot>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }
        public List<HouseholdSlot> Created { get; } = [];
        public List<HouseholdSlot> Touched { get; } = [];
        public LedgerReport Report { get; } = new();
        public long Lines { get; set; }
        public int LatestAcceptedMonth { get; }
        public int HeaderCount { get; }
        public int TenantIndex { get; }
        public int DwellingIndex { get; }
        public int MonthIndex { get; }
        public int BilledIndex { get; }
        public int PaidIndex { get; }
        public int BenefitIndex { get; }
        public int BalanceIndex { get; }

        private readonly HashSet<int> _months = [];
        private int _firstMonth = int.MaxValue;
        private int _lastMonth = int.MinValue;

        public void SawMonth(int month)
        {
            if (month < _firstMonth)
            {
                _firstMonth = month;
            }

            if (month > _lastMonth)
            {
                _lastMonth = month;
            }

            _months.Add(month);
        }

        /// <summary>Notes what was detected; false (with the reasons as errors) when the file cannot be read at all.</summary>
        public bool Readable()
        {
            Report.Notes.AddRange(Format.Notes);
            if (Format.DecimalDetected)
            {
                Report.Notes.Add($"Séparateur décimal détecté : {LedgerImportOptions.DecimalLabel(Format.DecimalSeparator)}.");
            }

            if (Format.DelimiterDetected)
            {
                Report.Notes.Add($"Séparateur de colonnes détecté : {LedgerImportOptions.DelimiterLabel(Format.Delimiter)}.");
            }

            if (Format.IsReadable)
            {
                return true;
            }

            foreach (var problem in Format.Problems.DefaultIfEmpty("Le fichier ne peut pas être lu."))
            {
                Report.Error(1, "—", "", problem);
            }

            return false;
        }

        public string Header(LedgerField field) => Format.Columns?.HeaderOf(field) ?? LedgerFields.Label(field);

        /// <summary>Reports an error in the first pass; in the second, the file cannot have errors any more.</summary>
        public bool Fail(bool validate, long line, string column, string value, string reason)
        {
            if (!validate)
            {
                throw new InvalidOperationException($"Ligne {line} : {reason} — le fichier a changé entre le contrôle et l'écriture.");
            }

            Report.Error(line, column, value, reason);
            return false;
        }

        public LedgerAnalysis Analysis()
        {
            Report.Households = Touched.Count;
            Report.MonthsCovered = _months.Count;
            return new LedgerAnalysis(Format, Report, Lines, Created.Count,
                _months.Count == 0 ? null : LedgerValues.MonthStart(_firstMonth),
                _months.Count == 0 ? null : LedgerValues.MonthStart(_lastMonth));
        }
    }
}
