using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Audit;
using Relais.Features.Collective.Sessions;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Accompaniments;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Collective.Sessions.SessionKit;

namespace Relais.Tests.Collective.Sessions;

/// <summary>Photos and documents of a session: the checks of accompaniment documents, and the consent of every person shown.</summary>
public sealed class SessionMediaTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];
    private static readonly byte[] Exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF];

    private static Dictionary<string, string> Shown(params (Guid Member, bool Consented, string? On)[] people)
    {
        var fields = new Dictionary<string, string> { ["Title"] = "" };
        for (var i = 0; i < people.Length; i++)
        {
            fields[$"Shown[{i}].MemberId"] = people[i].Member.ToString();
            fields[$"Shown[{i}].Shown"] = "true";
            if (people[i].Consented)
            {
                fields[$"Shown[{i}].Consented"] = "true";
            }

            fields[$"Shown[{i}].ConsentedOn"] = people[i].On ?? "";
        }

        return fields;
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Uploads_of_a_wrong_type_a_fake_extension_an_oversize_file_or_a_person_without_consent_are_refused(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await ArrangeAsync(world);
        var manager = await world.LoginAsync(Role.Manager);
        var url = $"/Collective/Sessions/{p.SessionId}/Media";
        var today = DateTime.Today.ToString("yyyy-MM-dd");

        async Task Refused(Dictionary<string, string> fields, string name, byte[] content, string message)
        {
            var body = await (await manager.PostFileAsync(url, url, fields, "Upload", name, content)).ShouldBe(HttpStatusCode.OK);
            Assert.Contains(message, body.Html().QuerySelector(".error-summary")!.TextContent);
        }

        await Refused(Shown(), "programme.exe", Exe, "Seuls les fichiers PDF, PNG ou JPEG sont acceptés : les fichiers « .exe » sont refusés.");
        await Refused(Shown(), "compte-rendu.pdf", Png, "« compte-rendu.pdf » porte l’extension .pdf mais son contenu est une image PNG : fichier refusé.");
        await Refused(Shown(), "photo.jpg", Exe, "Le contenu de « photo.jpg » n’est ni un PDF ni une image PNG ou JPEG : fichier refusé.");
        var big = new byte[10 * 1024 * 1024 + 200_000];
        Jpeg.CopyTo(big, 0);
        await Refused(Shown(), "fresque.jpg", big, "Le fichier dépasse la taille maximale autorisée (10 Mo).");
        var north = world.NorthHolder.FirstName + " " + world.NorthHolder.LastName.ToUpperInvariant();
        await Refused(Shown((p.North, false, today)), "fresque.jpg", Jpeg, $"{north} apparaît sur le fichier sans avoir donné son accord : sans consentement, la photo ne peut pas être ajoutée.");
        await Refused(Shown((p.North, true, "")), "fresque.jpg", Jpeg, $"Indiquez la date (passée ou du jour) à laquelle {north} a donné son accord.");
        await Refused(Shown((p.Staff, true, today), (p.North, false, today)), "fresque.jpg", Jpeg, "sans avoir donné son accord");

        // Far above the limit, the request is answered before being read, with the same French message.
        var huge = new byte[12 * 1024 * 1024];
        Jpeg.CopyTo(huge, 0);
        var redirect = await (await manager.PostFileAsync(url, url, Shown(), "Upload", "énorme.jpg", huge)).RedirectedTo();
        Assert.Contains("Le fichier dépasse la taille maximale autorisée", await (await manager.GetAsync(redirect)).ShouldBe(HttpStatusCode.OK));

        Assert.Equal(0, await QueryAsync(world, db => db.SessionMedia.CountAsync(m => m.SessionId == p.SessionId)));
        Assert.Equal(0, await QueryAsync(world, db => db.SessionMediaPeople.CountAsync()));

        // A non-staff Conseiller cannot upload at all.
        var worker = await world.LoginAsync(Role.SocialWorker);
        var refused = await worker.PostFileAsync(url, $"/Collective/Sessions/{p.SessionId}", Shown(), "Upload", "fresque.jpg", Jpeg);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_photo_with_everyone_consenting_is_stored_downloaded_with_an_audit_entry_and_hidden_once_a_consent_is_withdrawn(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await ArrangeAsync(world);
        var manager = await world.LoginAsync(Role.Manager);
        var url = $"/Collective/Sessions/{p.SessionId}/Media";
        var consented = DateTime.Today.AddDays(-2).ToString("yyyy-MM-dd");
        var fields = Shown((p.North, true, consented), (p.South, true, consented));
        fields["Title"] = "Fresque, premier mur";
        await (await manager.PostFileAsync(url, url, fields, "Upload", "IMG_0042.JPG", Jpeg)).RedirectedTo();

        var media = await QueryAsync(world, db => db.SessionMedia.Include(m => m.People).SingleAsync(m => m.SessionId == p.SessionId));
        Assert.Equal("image/jpeg", media.ContentType);
        Assert.Equal("Fresque, premier mur", media.Title);
        Assert.Equal(new HashSet<Guid> { p.North, p.South }, media.People.Select(x => x.MemberId).ToHashSet());
        Assert.All(media.People, x => Assert.Equal(DateOnly.FromDateTime(DateTime.Today.AddDays(-2)), x.ConsentedOn));
        var store = world.App.Services.GetRequiredService<Relais.Features.Accompaniments.Confidential.DocumentStore>();
        var path = store.PathOf(world.Id, media.StorageName);
        Assert.True(File.Exists(path));
        Assert.DoesNotContain(Path.GetFullPath("wwwroot"), Path.GetFullPath(path));

        // A Conseiller who is not staff of the project reads the session and downloads the photo; the read is audited.
        var worker = await world.LoginAsync(Role.SocialWorker);
        var session = (await (await worker.GetAsync($"/Collective/Sessions/{p.SessionId}")).ShouldBe(HttpStatusCode.OK)).Html();
        var link = session.QuerySelectorAll("#photos ~ ul a, section[aria-labelledby=photos] a").Single(a => a.TextContent == "Fresque, premier mur");
        var download = await worker.GetAsync(link.GetAttribute("href"));
        Assert.Equal(Jpeg, await (await Task.FromResult(download)).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var read = await QueryAsync(world, db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.Read && a.EntityId == media.Id));
        Assert.Equal((world.Users[Role.SocialWorker].Id, nameof(SessionMedia)), (read.UserId, read.EntityType));

        // Another organisation gets 404.
        var other = await World.CreateAsync(world.App);
        await (await (await other.LoginAsync(Role.Manager)).GetAsync($"/Collective/Sessions/Media/{media.Id}")).ShouldBe(HttpStatusCode.NotFound);

        // The south resident withdraws their consent: the photo is hidden everywhere.
        var page = (await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        var personId = media.People.Single(x => x.MemberId == p.South).Id;
        Assert.NotNull(page.QuerySelector($"input[name=personId][value='{personId}']"));
        await (await manager.PostFormAsync($"{url}?handler=Withdraw", new() { ["personId"] = personId.ToString() }, url)).RedirectedTo();
        Assert.Equal(DateOnly.FromDateTime(DateTime.Today), (await QueryAsync(world, db => db.SessionMediaPeople.SingleAsync(x => x.Id == personId))).WithdrawnOn);
        await (await worker.GetAsync($"/Collective/Sessions/Media/{media.Id}")).ShouldBe(HttpStatusCode.NotFound);
        Assert.DoesNotContain("Fresque, premier mur", await (await worker.GetAsync($"/Collective/Sessions/{p.SessionId}")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("Masqué : consentement retiré", await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK));
    }
}
