using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

public sealed class DocumentTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];
    private static readonly byte[] Exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF];
    private static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.7\n% {text}\n%%EOF\n");

    private static Dictionary<string, string> Fields(string level = "Team", string title = "") => new() { ["Upload.Level"] = level, ["Upload.Title"] = title };

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_pdf_is_stored_outside_the_web_root_under_a_generated_name_and_downloaded_as_an_audited_attachment(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var upload = await worker.PostFileAsync($"{file.NotesUrl}?handler=Upload", file.NotesUrl, Fields("Person", "Avis d’imposition 2025"),
            "Upload.File", "avis-imposition.pdf", Pdf("avis"), "application/pdf");
        await upload.ShouldBe(HttpStatusCode.Redirect);

        AccompanimentDocument stored;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            stored = await db.AccompanimentDocuments.SingleAsync(d => d.Title == "Avis d’imposition 2025");
        }

        Assert.Equal(("application/pdf", ConfidentialityLevel.Person, (long)Pdf("avis").Length), (stored.ContentType, stored.Level, stored.SizeBytes));
        var store = world.App.Services.GetRequiredService<DocumentStore>();
        var path = store.PathOf(world.Id, stored.StorageName);
        Assert.True(File.Exists(path));
        Assert.Equal(Pdf("avis"), await File.ReadAllBytesAsync(path));
        Assert.DoesNotContain("avis", Path.GetFileName(path), StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^[0-9a-f]{32}$", stored.StorageName);
        var webRoot = Path.GetFullPath(world.App.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath);
        Assert.False(Path.GetFullPath(path).StartsWith(webRoot, StringComparison.OrdinalIgnoreCase));
        await (await worker.GetAsync($"/{stored.StorageName}")).ShouldBe(HttpStatusCode.NotFound); // nothing serves the folder

        var resident = await world.LoginAsync(Role.Resident);
        var mine = (await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        var link = mine.QuerySelectorAll("ul.documents a").Single(a => a.TextContent == "Avis d’imposition 2025");
        var download = await resident.GetAsync(link.GetAttribute("href"));
        await download.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Pdf("avis"), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Avis d’imposition 2025.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var read = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.Read && a.EntityId == stored.Id);
            Assert.Equal((world.Users[Role.Resident].Id, nameof(AccompanimentDocument), world.NorthHousehold.Id, "téléchargement habitant"),
                (read.UserId, read.EntityType, read.HouseholdId, read.Details));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Create && a.EntityId == stored.Id));
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Png_and_jpeg_images_are_accepted(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        await (await worker.PostFileAsync($"{file.NotesUrl}?handler=Upload", file.NotesUrl, Fields(), "Upload.File", "quittance.PNG", Png)).ShouldBe(HttpStatusCode.Redirect);
        await (await worker.PostFileAsync($"{file.NotesUrl}?handler=Upload", file.NotesUrl, Fields(), "Upload.File", "photo compteur.jpeg", Jpeg)).ShouldBe(HttpStatusCode.Redirect);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var types = await db.AccompanimentDocuments.Where(d => d.Title == "quittance.PNG" || d.Title == "photo compteur.jpeg").OrderBy(d => d.Title)
            .Select(d => d.ContentType).ToListAsync();
        Assert.Equal(["image/jpeg", "image/png"], types);
    }

    public static TheoryData<DatabaseProvider, string, byte[], string> Refused()
    {
        var data = new TheoryData<DatabaseProvider, string, byte[], string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            data.Add(provider, "programme.exe", Exe, "Seuls les fichiers PDF, PNG ou JPEG sont acceptés : les fichiers « .exe » sont refusés.");
            data.Add(provider, "lettre.docx", Encoding.ASCII.GetBytes("PK\u0003\u0004word"), "Seuls les fichiers PDF, PNG ou JPEG sont acceptés : les fichiers « .docx » sont refusés.");
            data.Add(provider, "facture.pdf", Png, "« facture.pdf » porte l’extension .pdf mais son contenu est une image PNG : fichier refusé. Renommez-le avec la bonne extension (.png).");
            data.Add(provider, "facture.pdf", Exe, "Le contenu de « facture.pdf » n’est ni un PDF ni une image PNG ou JPEG : fichier refusé.");
            data.Add(provider, "photo.jpg", Pdf("x"), "« photo.jpg » porte l’extension .jpg mais son contenu est un PDF : fichier refusé. Renommez-le avec la bonne extension (.pdf).");
            data.Add(provider, "vide.pdf", [], "Le fichier est vide.");
        }

        return data;
    }

    [SkippableTheory, MemberData(nameof(Refused))]
    public async Task A_file_of_another_type_or_with_a_fake_extension_is_refused(DatabaseProvider provider, string name, byte[] content, string message)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var page = (await (await worker.PostFileAsync($"{file.NotesUrl}?handler=Upload", file.NotesUrl, Fields(), "Upload.File", name, content, "application/pdf"))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(message, page.QuerySelector("#upload-file-err")?.TextContent);
        Assert.Equal("true", page.QuerySelector("#upload-file")?.GetAttribute("aria-invalid"));
        Assert.Contains(message, page.QuerySelector(".error-summary")!.TextContent);
        await AssertNothingStoredAsync(world, file);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_file_over_the_size_limit_is_refused_with_a_french_message(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var limit = 10 * 1024 * 1024;
        const string message = "Le fichier dépasse la taille maximale autorisée (10 Mo). Réduisez-le (PDF compressé, photo moins lourde) ou découpez-le.";

        // Just over: read, then refused on the form.
        var justOver = Pdf("gros").Concat(new byte[limit + 1 - Pdf("gros").Length]).ToArray();
        var page = (await (await worker.PostFileAsync($"{file.NotesUrl}?handler=Upload", file.NotesUrl, Fields(), "Upload.File", "gros.pdf", justOver))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(message, page.QuerySelector("#upload-file-err")?.TextContent);

        // Far over: refused before the body is read, with the same message on the page.
        var farOver = Pdf("énorme").Concat(new byte[limit * 3 / 2]).ToArray();
        var refused = await worker.PostFileAsync($"{file.NotesUrl}?handler=Upload", file.NotesUrl, Fields(), "Upload.File", "enorme.pdf", farOver);
        await refused.ShouldBe(HttpStatusCode.Redirect);
        var shown = (await (await worker.GetAsync(refused.Headers.Location!.OriginalString)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(message, shown.QuerySelector("#upload-file-err")?.TextContent);

        // Exactly at the limit is accepted.
        var atLimit = justOver[..limit];
        await (await worker.PostFileAsync($"{file.NotesUrl}?handler=Upload", file.NotesUrl, Fields(), "Upload.File", "juste.pdf", atLimit)).ShouldBe(HttpStatusCode.Redirect);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.Equal(["juste.pdf"], await db.AccompanimentDocuments.Where(d => d.AuthorUserId == world.Users[Role.SocialWorker].Id && !d.Title.StartsWith("DOC-")).Select(d => d.Title).ToListAsync());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_size_limit_is_configurable(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider, new() { ["Documents:MaxUploadMegabytes"] = "1" });
        var world = await World.CreateAsync(app);
        var file = await ConfidentialFile.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var page = (await (await worker.PostFileAsync($"{file.NotesUrl}?handler=Upload", file.NotesUrl, Fields(), "Upload.File", "scan.pdf",
            Pdf("scan").Concat(new byte[1024 * 1024]).ToArray())).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("Le fichier dépasse la taille maximale autorisée (1 Mo).", page.QuerySelector("#upload-file-err")?.TextContent);
        Assert.Contains("PDF, PNG ou JPEG, 1 Mo au plus.", page.QuerySelector("#upload-file-hint")!.TextContent);
        await AssertNothingStoredAsync(world, file);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Uploading_is_for_the_team_only(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        foreach (var role in new[] { Role.Administrator, Role.FieldAgent, Role.Partner, Role.Resident })
        {
            var client = await world.LoginAsync(role);
            var response = await client.PostFileAsync($"{file.NotesUrl}?handler=Upload", "/", Fields(), "Upload.File", "a.pdf", Pdf("a"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        await AssertNothingStoredAsync(world, file);
    }

    /// <summary>Only the arranged documents: no new row, no new file in the organisation's folder.</summary>
    private static async Task AssertNothingStoredAsync(World world, ConfidentialFile file)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.Equal(file.DocumentIds.Count, await db.AccompanimentDocuments.CountAsync());
        var folder = Path.GetDirectoryName(world.App.Services.GetRequiredService<DocumentStore>().PathOf(world.Id, "x"))!;
        Assert.Equal(file.DocumentIds.Count, Directory.GetFiles(folder).Length);
    }
}
