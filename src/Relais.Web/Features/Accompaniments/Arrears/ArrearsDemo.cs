using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Ledger;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// The arrears follow-up of the demo Habitant's file (fictional): three years of her rent ledger with arrears since the
/// end of her contract, a plan agreed with the landlord whose first instalment was paid and the second missed, an FSL
/// request awaiting its decision, and a commandement de payer served a month ago. Dated from the seeding day.
/// </summary>
public static class ArrearsDemo
{
    public const decimal Rent = 640m;
    public const decimal Benefit = 230m;
    public const decimal Instalment = 100m;

    public static async Task SeedAsync(RelaisDbContext db, Guid organisationId, Person resident, CancellationToken ct)
    {
        var file = await db.Accompaniments.FirstOrDefaultAsync(a => a.PersonId == resident.Id && a.Status == AccompanimentStatus.Open, ct);
        if (file is null)
        {
            return;
        }

        var worker = await db.Users.Where(u => u.OrganisationId == organisationId && u.Role == Role.SocialWorker).Select(u => u.DisplayName).FirstAsync(ct);
        var household = await db.Households.Include(h => h.Dwelling).FirstAsync(h => h.Id == resident.HouseholdId, ct);
        var today = DateOnly.FromDateTime(DateTime.Now);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        DateOnly MonthAgo(int k) => thisMonth.AddMonths(-k);

        // The ledger up to last month: rent paid in full, then arrears from seven months ago (the end of her contract),
        // the rent paid again from three months ago, the first instalment paid two months ago, the second one missed.
        var import = new LedgerImport
        {
            FileName = "quittancement-demo.csv",
            UserName = "Démonstration",
            Status = LedgerImportStatus.Succeeded,
            Encoding = "utf-8",
            StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow,
            FirstMonth = MonthAgo(36),
            LastMonth = MonthAgo(1),
            LinesRead = 36,
            LinesImported = 36,
        };
        db.LedgerImports.Add(import);
        var owed = Rent - Benefit;
        var balance = 0m;
        for (var k = 36; k >= 1; k--)
        {
            var paid = k switch
            {
                7 => 200m,
                6 => 100m,
                5 => 0m,
                4 => 140m,
                2 => owed + Instalment,
                _ => owed,
            };
            balance += Rent - Benefit - paid;
            db.RentLedgerLines.Add(new RentLedgerLine
            {
                HouseholdId = household.Id,
                DwellingReference = household.Dwelling?.Reference ?? "",
                Month = MonthAgo(k),
                Billed = Rent,
                Paid = paid,
                HousingBenefit = Benefit,
                Balance = balance,
                ImportId = import.Id,
            });
        }

        // 1 200 € owed when the plan was agreed: twelve instalments of 100 € on the 10th, from two months ago.
        var plan = new RepaymentPlan
        {
            AccompanimentId = file.Id,
            TotalDebt = 12 * Instalment,
            StartMonth = MonthAgo(2),
            AgreedWith = PlanCounterparty.Landlord,
            AgreedWithDetail = "service contentieux",
            AgreedOn = MonthAgo(2).AddDays(-5),
            Status = PlanStatus.Active,
            RecordedByName = worker,
            Note = "Convenu par Mme N’Diaye avec le service contentieux avant l’ouverture de l’accompagnement ; prélèvement à mettre en place le 10 du mois.",
        };
        for (var n = 0; n < 12; n++)
        {
            var due = MonthAgo(2).AddMonths(n).AddDays(9);
            plan.Instalments.Add(new RepaymentInstalment { Number = n + 1, DueOn = due, Month = new DateOnly(due.Year, due.Month, 1), Amount = Instalment });
        }

        db.RepaymentPlans.Add(plan);
        db.FslRequests.Add(new FslRequest
        {
            AccompanimentId = file.Id,
            Purpose = FslPurpose.Maintenance,
            FiledOn = today.AddDays(-30),
            AmountRequested = 1100m,
            Decision = FslDecision.Pending,
            Note = "Dossier déposé avec l’appui du CCAS ; passage en commission attendu.",
        });
        db.EvictionSteps.Add(new EvictionStep
        {
            AccompanimentId = file.Id,
            Stage = EvictionStage.PaymentOrder,
            On = today.AddDays(-30),
            RecordedByName = worker,
            Note = "Signifié par huissier après l’échéance non réglée ; délai de six semaines pour régulariser. Mme N’Diaye a apporté l’acte au rendez-vous.",
        });
        await db.SaveChangesAsync(ct);
    }
}
