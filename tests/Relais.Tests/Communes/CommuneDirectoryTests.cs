using System.Net;
using System.Net.Http.Json;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Text;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Communes;

public sealed class CommuneDirectoryTests
{
    private static readonly CommuneDirectory Directory = new();

    [Fact]
    public void Referential_holds_the_real_insee_communes()
    {
        Assert.InRange(Directory.Count, 34_000, 36_000);
        var lhay = Directory.Find("94038")!;
        Assert.Equal("L'Haÿ-les-Roses", lhay.Name);
        Assert.Equal(["94240"], lhay.PostalCodes);
        Assert.Equal("Val-de-Marne", lhay.DepartementName);
        Assert.Equal("Ajaccio", Directory.Find("2A004")!.Name);
        Assert.Equal("Paris 13e Arrondissement", Directory.Find("75113")!.Name);
        Assert.Null(Directory.Find("99999"));
    }

    [Theory]
    [InlineData("lhay", "94038")]
    [InlineData("L'HAY LES", "94038")]
    [InlineData("94240", "94038")]
    [InlineData("saint-etienne", "42218")]
    public void Search_finds_communes_by_name_without_accents_or_by_postal_code(string query, string expectedCode)
    {
        Assert.Equal(expectedCode, Directory.Search(query)[0].Code);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Communes_api_answers_signed_in_users(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Administrator);
        var result = await client.GetFromJsonAsync<List<CommunesApi.CommuneDto>>("/api/v1/communes?q=villejuif");
        Assert.Equal("94076", result![0].Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.App.NewClient().GetAsync("/api/v1/communes?q=paris")).StatusCode);
    }

    [Theory]
    [InlineData("Benoît", "benoit")]
    [InlineData("L'Haÿ-les-Roses", "lhay les roses")]
    [InlineData("  ÉLODIE   Cœur ", "elodie coeur")]
    [InlineData("N’Diaye", "ndiaye")]
    [InlineData("", "")]
    public void Folding_removes_accents_case_apostrophes_and_punctuation(string input, string expected)
    {
        Assert.Equal(expected, SearchText.Fold(input));
    }
}
