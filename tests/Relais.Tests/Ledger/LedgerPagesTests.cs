using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Ledger;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Ledger;

/// <summary>The import through the pages: upload, preview, mapping, background run with its progress, report; access rules.</summary>
public sealed class LedgerPagesTests
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string fileName = "relevé.csv", Dictionary<string, string>? fields = null)
    {
        var page = await (await client.GetAsync("/Ledger")).ShouldBe(HttpStatusCode.OK);
        var token = page.Html().QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (key, value) in fields ?? [])
        {
            content.Add(new StringContent(value), key);
        }

        var bytes = new ByteArrayContent(file);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(bytes, "Upload", fileName);
        return await client.PostAsync("/Ledger", content);
    }

    /// <summary>What a browser would post from the form: hidden and text inputs, checked boxes, selected options.</summary>
    private static Dictionary<string, string> FormFields(IHtmlDocument document, string selector)
    {
        var form = document.QuerySelector(selector) ?? throw new InvalidOperationException($"No form {selector}");
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            if (input.Type is "checkbox" && !input.IsChecked || input.Name == "__RequestVerificationToken")
            {
                continue;
            }

            fields[input.Name!] = input.Value;
        }

        foreach (var select in form.QuerySelectorAll("select[name]").OfType<IHtmlSelectElement>())
        {
            fields[select.Name!] = select.Value ?? "";
        }

        return fields;
    }

    /// <summary>The organisation's files waiting in {DataFolder}/imports (deleted once their import has run).</summary>
    private static List<string> UploadedFiles(World world)
    {
        var folder = Path.Combine(world.App.Services.GetRequiredService<IConfiguration>()["Database:DataFolder"]!, "imports", world.Id.ToString("N"));
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder).ToList() : [];
    }

    private static async Task<JsonElement> WaitForImportAsync(HttpClient client, string importUrl)
    {
        var id = importUrl.Split('/')[^1];
        for (var i = 0; i < 600; i++)
        {
            var json = JsonDocument.Parse(await (await client.GetAsync($"/api/v1/ledger/imports/{id}")).ShouldBe(HttpStatusCode.OK)).RootElement;
            if (json.GetProperty("finished").GetBoolean())
            {
                return json;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The import did not finish in 60 s.");
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_manager_uploads_previews_and_imports_a_windows_1252_file_then_reads_the_report(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);
        var file = LedgerTestFiles.Windows1252.GetBytes(LedgerTestFiles.Lines(
            $"{world.NorthHousehold.TenantReference};Chez Chloé;01/2025;512,30;500,00;0,00;12,30",
            $"{world.SouthHousehold.TenantReference};{world.SouthHousehold.Dwelling!.Reference};2025-01;1 240,50;1 040,50;200,00;0,00"));

        var uploaded = await UploadAsync(client, file);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Redirect, (await uploaded.Content.ReadAsStringAsync()).Html().QuerySelector("main")?.TextContent);
        var previewUrl = uploaded.Headers.Location!.OriginalString;
        Assert.StartsWith("/Ledger/Preview?file=", previewUrl, StringComparison.Ordinal);

        var preview = (await (await client.GetAsync(previewUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        var facts = preview.QuerySelector("dl.facts")!.TextContent;
        Assert.Contains("Windows-1252 (détecté)", facts, StringComparison.Ordinal);
        Assert.Contains("point-virgule « ; » (détecté)", facts, StringComparison.Ordinal);
        Assert.Contains("virgule (détecté)", facts, StringComparison.Ordinal);
        var rows = preview.QuerySelectorAll("table.preview tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal([world.NorthHousehold.TenantReference, "Chez Chloé", "01/2025", "512,30 €", "500,00 €", "0,00 €", "12,30 €", ""], rows[0]);
        Assert.Equal("1\u202F240,50 €", rows[1][3]);
        Assert.Null(preview.QuerySelector("#erreurs"));

        var form = FormFields(preview, "#import-form");
        Assert.Equal("Référence locataire", form["Columns[TenantReference]"]);
        var started = await client.PostFormAsync(previewUrl, form);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var importUrl = started.Headers.Location!.OriginalString;
        Assert.StartsWith("/Ledger/Import/", importUrl, StringComparison.Ordinal);

        var status = await WaitForImportAsync(client, importUrl);
        Assert.Equal("Succeeded", status.GetProperty("status").GetString());
        Assert.Equal(100, status.GetProperty("percent").GetInt32());

        var report = (await (await client.GetAsync(importUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Import réussi : 2 lignes importées.", report.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 mois, de 01/2025 à 01/2025", report.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        Assert.Null(report.QuerySelector("progress"));

        var list = (await (await client.GetAsync("/Ledger")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Importé", list.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(list.QuerySelector($"a[href='{importUrl}']"));

        var ledger = await LedgerImportTests.LedgerOf(world);
        Assert.Equal("Chez Chloé", ledger.Single(l => l.Reference == world.NorthHousehold.TenantReference).Dwelling);
        Assert.Equal(1240.50m, ledger.Single(l => l.Reference == world.SouthHousehold.TenantReference).Billed);
        Assert.Empty(UploadedFiles(world));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_file_with_errors_is_refused_and_the_report_lists_line_column_value_and_reason(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);
        var file = LedgerTestFiles.Utf8Bom.GetBytes(LedgerTestFiles.Lines(
            $"{world.NorthHousehold.TenantReference};L;01/2025;512,30;500,00;0,00;12,30",
            $"{world.NorthHousehold.TenantReference};L;31/02/2025;512,30;500,00;0,00;12,30",
            "LOC-INCONNU;L;03/2025;12,5,0;0;0;0"));

        var previewUrl = (await UploadAsync(client, file)).Headers.Location!.OriginalString;
        var preview = (await (await client.GetAsync(previewUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("n'existe pas", preview.QuerySelectorAll("table.preview tbody tr")[1].TextContent, StringComparison.Ordinal);
        var importUrl = (await client.PostFormAsync(previewUrl, FormFields(preview, "#import-form"))).Headers.Location!.OriginalString;

        var status = await WaitForImportAsync(client, importUrl);
        Assert.Equal("Refused", status.GetProperty("status").GetString());
        var report = (await (await client.GetAsync(importUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Fichier refusé : 2 erreur(s). Rien n’a été importé", report.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var errors = report.QuerySelectorAll("table.issues tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal(["3", "Mois", "31/02/2025"], errors[0][..3]);
        Assert.Contains("n'existe pas", errors[0][3], StringComparison.Ordinal);
        Assert.Equal(["4", "Quittancé", "12,5,0"], errors[1][..3]);
        Assert.Empty(await LedgerImportTests.LedgerOf(world));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_ambiguous_delimiter_is_shown_and_the_user_can_choose_before_anything_is_imported(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);
        var file = LedgerTestFiles.Utf8NoBom.GetBytes("Locataire,Logement,Mois,Quittancé,Payé,APL,Solde\r\n"
            + $"{world.NorthHousehold.TenantReference},L,01/2025,512,30,500,00,0,00,12,30\r\n");

        var previewUrl = (await UploadAsync(client, file)).Headers.Location!.OriginalString;
        var preview = (await (await client.GetAsync(previewUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        var problem = preview.QuerySelector("#erreurs")!.TextContent;
        Assert.Contains("la ligne 2 a 11 colonnes au lieu de 7", problem, StringComparison.Ordinal);
        Assert.NotNull(preview.QuerySelector("select#delimiter option[value=';']"));

        var refused = await client.PostFormAsync(previewUrl, FormFields(preview, "#import-form"));
        var body = (await refused.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Choisissez le séparateur", body.QuerySelector("#erreurs")!.TextContent, StringComparison.Ordinal);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.False(await db.LedgerImports.AnyAsync());

        var semicolon = (await (await client.GetAsync(previewUrl.Replace("delimiter=auto", "delimiter=%3B", StringComparison.Ordinal))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("une seule colonne lue", semicolon.QuerySelector("#erreurs")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_saved_column_names_can_be_edited_and_a_stale_form_is_not_saved_over_a_newer_one(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);

        var saved = await client.PostFormAsync("/Ledger/Mapping", new() { ["Version"] = "0", ["Columns[TenantReference]"] = "Code client", ["Columns[Billed]"] = "Montant appelé" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = (await (await client.GetAsync("/Ledger/Mapping")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Code client", page.QuerySelector("#col-TenantReference")!.GetAttribute("value"));
        Assert.Equal("0", page.QuerySelector("input[name=Version]")!.GetAttribute("value"));

        var edited = await client.PostFormAsync("/Ledger/Mapping", new() { ["Version"] = "0", ["Columns[TenantReference]"] = "N° client" });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var stale = await client.PostFormAsync("/Ledger/Mapping", new() { ["Version"] = "0", ["Columns[TenantReference]"] = "Autre" });
        var conflict = (await stale.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("modifiées par quelqu’un d’autre", conflict.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Autre", conflict.QuerySelector("#col-TenantReference")!.GetAttribute("value"));

        var duplicate = await client.PostFormAsync("/Ledger/Mapping", new() { ["Version"] = "1", ["Columns[Paid]"] = "Montant", ["Columns[Billed]"] = "montant" });
        var invalid = (await duplicate.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("true", invalid.QuerySelector("#col-Paid")!.GetAttribute("aria-invalid"));

        await using var scope = world.App.SystemScope(world.Id, out var db);
        var mapping = await db.LedgerColumnMappings.SingleAsync();
        Assert.Equal((1, "N° client"), (mapping.Version, LedgerFields.ParseMapping(mapping.Columns)[LedgerField.TenantReference]));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Roles_without_the_import_permission_get_403_everywhere(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        foreach (var role in Enum.GetValues<Role>().Where(r => !RolePermissions.Has(r, Permissions.Ledger.Import)))
        {
            var client = await world.LoginAsync(role);
            foreach (var url in new[] { "/Ledger", "/Ledger/Mapping", $"/Ledger/Preview?file={Guid.NewGuid():N}", $"/Ledger/Import/{Guid.NewGuid()}", $"/api/v1/ledger/imports/{Guid.NewGuid()}" })
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} GET {url}: {(int)response.StatusCode}");
            }

            var home = (await (await client.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html();
            Assert.Null(home.QuerySelector("a[href='/Ledger']"));
        }

        var manager = await world.LoginAsync(Role.Manager);
        var managerHome = (await (await manager.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(managerHome.QuerySelector("nav a[href='/Ledger']"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_organisations_import_and_uploaded_file_answer_404(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var a = await World.CreateAsync(app);
        var b = await World.CreateAsync(app);
        var importA = await LedgerImportTests.ImportAsync(a, LedgerTestFiles.Lines($"{a.NorthHousehold.TenantReference};L;01/2025;1,00;1,00;0;0"));
        var clientA = await a.LoginAsync(Role.Manager);
        var previewA = (await UploadAsync(clientA, LedgerTestFiles.Utf8NoBom.GetBytes(LedgerTestFiles.Lines("X;L;01/2025;1,00;1,00;0;0")))).Headers.Location!.OriginalString;
        await (await clientA.GetAsync($"/Ledger/Import/{importA.Id}")).ShouldBe(HttpStatusCode.OK);
        await (await clientA.GetAsync(previewA)).ShouldBe(HttpStatusCode.OK);

        var clientB = await b.LoginAsync(Role.Manager);
        await (await clientB.GetAsync($"/Ledger/Import/{importA.Id}")).ShouldBe(HttpStatusCode.NotFound);
        await (await clientB.GetAsync($"/api/v1/ledger/imports/{importA.Id}")).ShouldBe(HttpStatusCode.NotFound);
        await (await clientB.GetAsync(previewA)).ShouldBe(HttpStatusCode.NotFound);
        await (await clientB.PostFormAsync(previewA, new() { ["create"] = "false" }, formPage: "/Ledger")).ShouldBe(HttpStatusCode.NotFound);
        var listB = (await (await clientB.GetAsync("/Ledger")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(listB.QuerySelector($"a[href='/Ledger/Import/{importA.Id}']"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_file_over_the_size_limit_is_refused_with_a_french_message(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider, new() { ["Ledger:MaxUploadMegabytes"] = "1" });
        var world = await World.CreateAsync(app);
        var client = await world.LoginAsync(Role.Manager);
        var line = $"{world.NorthHousehold.TenantReference};L;01/2025;1,00;1,00;0;0\r\n";
        var big = LedgerTestFiles.Utf8NoBom.GetBytes(LedgerTestFiles.Header + "\r\n" + string.Concat(Enumerable.Repeat(line, (3 * 1024 * 1024) / line.Length)));

        var response = await UploadAsync(client, big);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Ledger?erreur=taille", response.Headers.Location!.OriginalString);
        var page = (await (await client.GetAsync("/Ledger?erreur=taille")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("dépasse la taille maximale de 1 Mo", page.QuerySelector("#upload-err")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#upload")!.GetAttribute("aria-invalid"));
        Assert.Empty(UploadedFiles(world));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_running_import_shows_a_progress_bar_polled_by_script_and_the_page_works_by_reloading(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            db.LedgerImports.Add(new LedgerImport { FileName = "en-cours.csv", UserName = "Test", StartedAt = DateTimeOffset.UtcNow, Status = LedgerImportStatus.Running });
            await db.SaveChangesAsync();
        }

        Guid id;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            id = (await db.LedgerImports.SingleAsync()).Id;
        }

        var page = (await (await client.GetAsync($"/Ledger/Import/{id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var section = page.QuerySelector("[data-ledger-progress]")!;
        Assert.Equal($"/api/v1/ledger/imports/{id}", section.GetAttribute("data-ledger-progress"));
        Assert.Equal("progress", page.QuerySelector("label[for=progress]")!.NextElementSibling!.LocalName);
        Assert.NotNull(page.QuerySelector("script[src^='/js/ledger.js']"));
        Assert.Null(page.QuerySelector("script:not([src])"));
        Assert.NotNull(page.QuerySelector($"a[href='/Ledger/Import/{id}']"));
        var json = JsonDocument.Parse(await (await client.GetAsync($"/api/v1/ledger/imports/{id}")).ShouldBe(HttpStatusCode.OK)).RootElement;
        Assert.False(json.GetProperty("finished").GetBoolean());
        Assert.Equal("En cours", json.GetProperty("statusLabel").GetString());
    }
}
