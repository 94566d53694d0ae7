using System.Net;
using Relais.Features.Accompaniments.Confidential;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

/// <summary>
/// The confidentiality matrix, one test per cell: each reader × each confidential item of one accompaniment file, the
/// item's actual content looked for in everything the reader can fetch over HTTP (the team's notes page, "Mon
/// accompagnement", the partner page, the household page, and the document's download).
/// </summary>
public sealed class ConfidentialityMatrixTests
{
    public enum Reader
    {
        Administrator,
        Manager,
        AuthorSocialWorker,
        OtherSocialWorker,
        FieldAgent,
        PartnerOfNamedStructure,
        PartnerOfOtherStructure,
        ResidentOfTheHousehold,
        ResidentOfOtherHousehold,
    }

    public enum Item
    {
        PrivateNote,
        TeamNote,
        PersonSharedNote,
        PartnerSharedNote,
        HealthInformation,
        PrivateDocument,
        TeamDocument,
        PersonSharedDocument,
        PartnerSharedDocument,
    }

    /// <summary>Who reads what. Everything not listed is refused.</summary>
    private static readonly Dictionary<Reader, Item[]> Reads = new()
    {
        [Reader.Administrator] = [],
        [Reader.Manager] = [Item.TeamNote, Item.PersonSharedNote, Item.PartnerSharedNote, Item.HealthInformation, Item.TeamDocument, Item.PersonSharedDocument, Item.PartnerSharedDocument],
        [Reader.AuthorSocialWorker] = Enum.GetValues<Item>(),
        [Reader.OtherSocialWorker] = [Item.TeamNote, Item.PersonSharedNote, Item.PartnerSharedNote, Item.HealthInformation, Item.TeamDocument, Item.PersonSharedDocument, Item.PartnerSharedDocument],
        [Reader.FieldAgent] = [],
        [Reader.PartnerOfNamedStructure] = [Item.PartnerSharedNote, Item.PartnerSharedDocument],
        [Reader.PartnerOfOtherStructure] = [],
        [Reader.ResidentOfTheHousehold] = [Item.PersonSharedNote, Item.PartnerSharedNote, Item.HealthInformation, Item.PersonSharedDocument, Item.PartnerSharedDocument],
        [Reader.ResidentOfOtherHousehold] = [],
    };

    public static TheoryData<DatabaseProvider, Reader, Item, bool> Matrix()
    {
        var data = new TheoryData<DatabaseProvider, Reader, Item, bool>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var reader in Enum.GetValues<Reader>())
            {
                foreach (var item in Enum.GetValues<Item>())
                {
                    data.Add(provider, reader, item, Reads[reader].Contains(item));
                }
            }
        }

        return data;
    }

    [SkippableTheory, MemberData(nameof(Matrix))]
    public async Task Each_reader_sees_exactly_the_items_their_role_and_the_consents_allow(DatabaseProvider provider, Reader reader, Item item, bool sees)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var client = reader switch
        {
            Reader.Administrator => await world.LoginAsync(Role.Administrator),
            Reader.Manager => await world.LoginAsync(Role.Manager),
            Reader.AuthorSocialWorker => await world.LoginAsync(Role.SocialWorker),
            Reader.OtherSocialWorker => await file.LoginAsync(file.OtherWorker),
            Reader.FieldAgent => await world.LoginAsync(Role.FieldAgent),
            Reader.PartnerOfNamedStructure => await world.LoginAsync(Role.Partner),
            Reader.PartnerOfOtherStructure => await file.LoginAsync(file.OtherPartnerUser),
            Reader.ResidentOfTheHousehold => await world.LoginAsync(Role.Resident),
            _ => await file.LoginAsync(file.OtherResident),
        };

        // The reader's own way into the file answers as it should, so that an absence below is the rule, not an error.
        var (ownPage, ownStatus) = reader switch
        {
            Reader.Manager or Reader.AuthorSocialWorker or Reader.OtherSocialWorker => (file.NotesUrl, HttpStatusCode.OK),
            Reader.Administrator or Reader.FieldAgent => (file.NotesUrl, HttpStatusCode.Forbidden),
            Reader.PartnerOfNamedStructure or Reader.PartnerOfOtherStructure => ("/Partners/Shared", HttpStatusCode.OK),
            _ => ("/Accompaniments/Mine", HttpStatusCode.OK),
        };
        await (await client.GetAsync(ownPage)).ShouldBe(ownStatus);

        var seen = new List<string>();
        foreach (var url in new[] { file.NotesUrl, "/Accompaniments/Mine", "/Partners/Shared", $"/Households/Details/{world.NorthHousehold.Id}", "/Households/Mine" })
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                seen.Add(await response.Content.ReadAsStringAsync());
            }
        }

        var everything = string.Join("\n", seen);
        switch (item)
        {
            case Item.HealthInformation:
                Assert.Equal(sees, everything.Contains(file.HealthText, StringComparison.Ordinal));
                break;
            case Item.PrivateNote or Item.TeamNote or Item.PersonSharedNote or Item.PartnerSharedNote:
                Assert.Equal(sees, everything.Contains(file.NoteText(LevelOf(item)), StringComparison.Ordinal));
                break;
            default:
                var level = LevelOf(item);
                Assert.Equal(sees, everything.Contains(file.DocumentTitle(level), StringComparison.Ordinal));
                var download = await client.GetAsync(file.DownloadUrl(level));
                var body = await download.Content.ReadAsStringAsync();
                if (sees)
                {
                    Assert.Equal(HttpStatusCode.OK, download.StatusCode);
                    Assert.Equal(file.DocumentContent(level), body);
                }
                else
                {
                    Assert.True(download.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{reader} downloading {item}: {download.StatusCode}");
                    Assert.DoesNotContain($"CONTENU-{level}-{file.Tag}", body, StringComparison.Ordinal);
                }

                break;
        }
    }

    private static ConfidentialityLevel LevelOf(Item item) => item switch
    {
        Item.PrivateNote or Item.PrivateDocument => ConfidentialityLevel.Private,
        Item.TeamNote or Item.TeamDocument => ConfidentialityLevel.Team,
        Item.PersonSharedNote or Item.PersonSharedDocument => ConfidentialityLevel.Person,
        _ => ConfidentialityLevel.Partner,
    };
}
