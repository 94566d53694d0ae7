using Relais.Features.Partners;
using Relais.Features.Partners.DataInclusion;

namespace Relais.Tests.Partners;

public sealed class DataInclusionCatalogueTests
{
    [Fact]
    public void The_embedded_reference_lists_are_the_schemas_and_every_theme_has_a_labelled_category()
    {
        Assert.Equal(69, DataInclusionCatalogue.Themes.Count);
        Assert.Equal(14, DataInclusionCatalogue.Publics.Count);
        Assert.Equal(2, DataInclusionCatalogue.Fees.Count);
        Assert.Equal("Gratuit", DataInclusionCatalogue.Label(DataInclusionCatalogue.Fees, "gratuit"));
        var categories = DataInclusionCatalogue.ThemeCategories.Select(c => c.Code).ToHashSet();
        Assert.Equal(16, categories.Count);
        Assert.All(DataInclusionCatalogue.Themes, t => Assert.Contains(DataInclusionCatalogue.CategoryOf(t.Code), categories));
        Assert.Contains("\"siret\"", DataInclusionCatalogue.SchemaText("structure"), StringComparison.Ordinal);
        Assert.Contains("\"zone_eligibilite\"", DataInclusionCatalogue.SchemaText("service"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("73282932000074", true)] // a real SIRET (INSEE's example establishment)
    [InlineData("35600000000048", true)] // La Poste's head office: Luhn
    [InlineData("35600000012346", true)] // a La Poste establishment: not Luhn, digit sum multiple of 5
    [InlineData("12300000012346", false)] // the same digits outside La Poste
    [InlineData("73282932000075", false)]
    [InlineData("7328293200007", false)]
    [InlineData("7328293200007A", false)]
    [InlineData(null, false)]
    public void Siret_checksum(string? siret, bool valid) => Assert.Equal(valid, Siret.IsValid(siret));

    [Fact]
    public void Siret_normalisation_removes_spaces_and_refuses_letters()
    {
        Assert.Equal("73282932000074", Siret.Normalise("732 829 320 00074"));
        Assert.Null(Siret.Normalise("732 829 320 0007X"));
    }
}
