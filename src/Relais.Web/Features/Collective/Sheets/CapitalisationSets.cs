using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective.Budget;
using Relais.Features.Collective.Outcomes;
using Relais.Features.Collective.Sheets;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective;

/// <summary>The sets of <see cref="CapitalisationModel"/>, visible to every collective feature.</summary>
public static class CapitalisationSets
{
    extension(RelaisDbContext db)
    {
        public DbSet<ProjectFundingLine> ProjectFundingLines => db.Set<ProjectFundingLine>();
        public DbSet<ProjectExpense> ProjectExpenses => db.Set<ProjectExpense>();
        public DbSet<ProjectIndicator> ProjectIndicators => db.Set<ProjectIndicator>();
        public DbSet<IndicatorMeasurement> IndicatorMeasurements => db.Set<IndicatorMeasurement>();
        public DbSet<PracticeSheet> PracticeSheets => db.Set<PracticeSheet>();
    }
}
