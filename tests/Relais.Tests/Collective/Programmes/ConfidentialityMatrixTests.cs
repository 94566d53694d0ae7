using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Accompaniments;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Programmes;

/// <summary>
/// Confidentiality of a sensitive group (docs/decisions/0016), one test per cell: each reader × (sees the membership of
/// a member who did not consent; sees it once they consented; sees the group dashboard), checked both over HTTP on the
/// group's pages and through <see cref="Relais.Features.Collective.ProjectAccess"/>.
/// </summary>
public sealed class ConfidentialityMatrixTests
{
    public enum Reader
    {
        Administrator,
        Manager,
        SocialWorkerStaffOfProject,
        SocialWorkerNotStaff,
        FieldAgent,
        Partner,
        ResidentMember,
        OtherResident,
    }

    public enum Question
    {
        SeesNonConsentingMember,
        SeesMemberAfterConsent,
        SeesDashboard,
    }

    private static readonly Dictionary<Reader, Question[]> Answers = new()
    {
        [Reader.Administrator] = [],
        [Reader.Manager] = [Question.SeesNonConsentingMember, Question.SeesMemberAfterConsent, Question.SeesDashboard],
        [Reader.SocialWorkerStaffOfProject] = [Question.SeesNonConsentingMember, Question.SeesMemberAfterConsent, Question.SeesDashboard],
        [Reader.SocialWorkerNotStaff] = [Question.SeesMemberAfterConsent],
        [Reader.FieldAgent] = [Question.SeesMemberAfterConsent],
        [Reader.Partner] = [],
        [Reader.ResidentMember] = [Question.SeesMemberAfterConsent],
        [Reader.OtherResident] = [],
    };

    public static TheoryData<DatabaseProvider, Reader, Question, bool> Matrix()
    {
        var data = new TheoryData<DatabaseProvider, Reader, Question, bool>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var reader in Enum.GetValues<Reader>())
            {
                foreach (var question in Enum.GetValues<Question>())
                {
                    data.Add(provider, reader, question, Answers[reader].Contains(question));
                }
            }
        }

        return data;
    }

    private static AppUser UserOf(World w, ProgrammeArrangement g, Reader reader) => reader switch
    {
        Reader.Administrator => w.Users[Role.Administrator],
        Reader.Manager => w.Users[Role.Manager],
        Reader.SocialWorkerStaffOfProject => w.Users[Role.SocialWorker],
        Reader.SocialWorkerNotStaff => g.OtherSocialWorker,
        Reader.FieldAgent => w.Users[Role.FieldAgent],
        Reader.Partner => w.Users[Role.Partner],
        Reader.ResidentMember => w.Users[Role.Resident],
        _ => g.OtherResident,
    };

    [SkippableTheory, MemberData(nameof(Matrix))]
    public async Task Each_reader_sees_a_sensitive_membership_only_as_the_rules_allow(DatabaseProvider provider, Reader reader, Question question, bool sees)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var g = await ProgrammeArrangement.ArrangeAsync(world);
        if (question == Question.SeesMemberAfterConsent)
        {
            await ProgrammeArrangement.SetConsentAsync(world, g.TargetMemberId, ArrearsKit.MonthAgo(0));
        }

        var user = UserOf(world, g, reader);
        var client = await world.App.LoginAsync(user.Email!);
        var resident = reader is Reader.ResidentMember or Reader.OtherResident;

        if (question == Question.SeesDashboard)
        {
            var response = await client.GetAsync($"/Collective/Programme/{g.ProjectId}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(sees, response.StatusCode == HttpStatusCode.OK && body.Html().Body!.TextContent.Contains(ProgrammeArrangement.TargetLastName.ToUpperInvariant(), StringComparison.Ordinal));
            if (!sees)
            {
                Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
            }

            var viaAccess = await ProgrammeArrangement.AsUserAsync(world, user, a => a.SeesConfidentialMembersAsync(g.ProjectId, CancellationToken.None));
            Assert.Equal(sees, viaAccess);
            return;
        }

        // Over HTTP: the staff's members page, or the Habitant's own group page.
        var url = resident ? $"/Collective/Group/{g.ProjectId}" : $"/Collective/Programme/{g.ProjectId}/Members";
        var page = await client.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        var listed = page.StatusCode == HttpStatusCode.OK && html.Html().QuerySelector($"[data-member='{g.TargetMemberId}']") is not null;
        Assert.Equal(sees, listed);
        Assert.Equal(sees, html.Html().Body?.TextContent.Contains(ProgrammeArrangement.TargetLastName.ToUpperInvariant(), StringComparison.Ordinal) == true);
        if (page.StatusCode == HttpStatusCode.OK && reader == Reader.ResidentMember)
        {
            // The Habitant member always sees themselves.
            Assert.NotNull(html.Html().QuerySelector($"[data-member='{g.ResidentMemberId}']"));
        }

        var throughAccess = await ProgrammeArrangement.AsUserAsync(world, user,
            async a => await (await a.VisibleMembersAsync(g.ProjectId, CancellationToken.None)).AnyAsync(m => m.Id == g.TargetMemberId));
        Assert.Equal(sees, throughAccess);
    }
}
