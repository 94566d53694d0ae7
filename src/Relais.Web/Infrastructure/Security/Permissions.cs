using System.ComponentModel.DataAnnotations;

namespace Relais.Infrastructure.Security;

/// <summary>The six roles of PRODUCT.md. Stored by number: never renumber.</summary>
public enum Role
{
    [Display(Name = "Administrateur")] Administrator = 0,
    [Display(Name = "Responsable")] Manager = 1,
    [Display(Name = "Conseiller·ère social·e")] SocialWorker = 2,
    [Display(Name = "Agent de proximité")] FieldAgent = 3,
    [Display(Name = "Partenaire")] Partner = 4,
    [Display(Name = "Habitant")] Resident = 5,
}

/// <summary>
/// The permission catalogue. Each constant is also the name of an authorization policy, so a page says
/// <c>[Authorize(Policy = Permissions.Households.Read)]</c>. Roles map to permissions in <see cref="RolePermissions"/>.
/// </summary>
public static class Permissions
{
    public static class Households
    {
        public const string Read = "households.read";
        public const string Write = "households.write";
        /// <summary>Read the audit history (who read or changed a file).</summary>
        public const string History = "households.history";
    }

    public static class OwnHousehold
    {
        public const string Read = "own-household.read";
    }

    public static class Housing
    {
        public const string Read = "housing.read";
        public const string Write = "housing.write";
    }

    public static class Administration
    {
        public const string Users = "admin.users";
        public const string Organisation = "admin.organisation";
    }

    public static class Ledger
    {
        /// <summary>Import the landlord's rent ledger (quittancement) and see the imports' reports.</summary>
        public const string Import = "ledger.import";
    }

    public static class Signals
    {
        /// <summary>See the signals list (field agents: their sectors, no confidential note, no amount unless allowed).</summary>
        public const string Read = "signals.read";
        /// <summary>Report a situation seen on the ground.</summary>
        public const string Report = "signals.report";
        /// <summary>Change a signal's status (treated, dismissed with a reason).</summary>
        public const string Manage = "signals.manage";
        /// <summary>Change the organisation's thresholds and outreach settings.</summary>
        public const string Settings = "signals.settings";
    }

    public static class Outreach
    {
        /// <summary>Create and run campaigns (tournées).</summary>
        public const string Campaigns = "outreach.campaigns";
        /// <summary>Take part in a round: see its targets and log contact attempts.</summary>
        public const string Rounds = "outreach.rounds";
        /// <summary>The Responsable's dashboard and its export.</summary>
        public const string Dashboard = "outreach.dashboard";
    }

    public static class Accompaniments
    {
        /// <summary>Open an individual accompaniment with the person's consent.</summary>
        public const string Open = "accompaniments.open";
        /// <summary>Read individual files (the social team, within its household scope; not the administrator, who
        /// administers but does not read social content; not field agents; partners and residents through their own,
        /// narrower ways).</summary>
        public const string Read = "accompaniments.read";
        /// <summary>Write in a file: its framework, strengths, rights, goals and actions, meetings, closure.</summary>
        public const string Write = "accompaniments.write";
        /// <summary>The Responsable's accompaniment statistics and their export.</summary>
        public const string Statistics = "accompaniments.statistics";
        /// <summary>The organisation's catalogue of rights to check (configuration, no personal data).</summary>
        public const string RightsCatalogue = "accompaniments.rights-catalogue";
        /// <summary>A Habitant's own accompaniment: what is shared with them, their consents (and withdrawing one).</summary>
        public const string OwnFile = "accompaniments.own-file";
        /// <summary>Download a document; which ones is decided by the query (team, person, partner under a current consent).</summary>
        public const string Documents = "accompaniments.documents";
    }

    public static class Partners
    {
        /// <summary>A Partenaire: what persons agreed to share with their partner structure, while the consent is current.</summary>
        public const string Shared = "partners.shared";
    }

    public static class Directory
    {
        /// <summary>The partner directory, its services, coverage and the territory view (no personal data).</summary>
        public const string Read = "directory.read";
        /// <summary>Create and change partner structures, services, coverage, agreements; data·inclusion import.</summary>
        public const string Write = "directory.write";
    }

    public static class Referrals
    {
        /// <summary>See the referrals of the persons of one's scope (the social team).</summary>
        public const string Read = "referrals.read";
        /// <summary>Refer a person to a partner's service, follow it, cancel it.</summary>
        public const string Write = "referrals.write";
        /// <summary>Send a referral sharing personal information without the person's recorded consent, with a reason (audited).</summary>
        public const string OverrideConsent = "referrals.override-consent";
        /// <summary>A Partenaire: the referrals addressed to their structure; accept, refuse, report the outcome.</summary>
        public const string Partner = "referrals.partner";
        /// <summary>Referral statistics and their export; the organisation's referral and e-mail settings.</summary>
        public const string Statistics = "referrals.statistics";
    }

    public static class Collective
    {
        /// <summary>See the organisation's collective projects, their members and sessions (sensitive groups: see
        /// <see cref="Programmes"/>).</summary>
        public const string Read = "collective.read";
        /// <summary>Create and run projects: members, sessions, attendance, minutes, budget, outcomes, closure.</summary>
        public const string Write = "collective.write";
        /// <summary>Who is in a sensitive group (arrears, health) and each member's progress in a group programme.</summary>
        public const string Programmes = "collective.programmes";
        /// <summary>The organisation's configuration: themes of projects.</summary>
        public const string Settings = "collective.settings";
        /// <summary>A Habitant: the open projects of their residence, ask to join, propose a project.</summary>
        public const string Resident = "collective.resident";
    }

    public static class Account
    {
        /// <summary>Any signed-in, active user: own profile, password, second factor.</summary>
        public const string Self = "account.self";
    }

    public static IReadOnlyList<string> All { get; } =
    [
        Households.Read, Households.Write, Households.History, OwnHousehold.Read,
        Housing.Read, Housing.Write, Administration.Users, Administration.Organisation, Account.Self,
        Ledger.Import, Signals.Read, Signals.Report, Signals.Manage, Signals.Settings,
        Outreach.Campaigns, Outreach.Rounds, Outreach.Dashboard, Accompaniments.Open,
        Accompaniments.Read, Accompaniments.Write, Accompaniments.Statistics, Accompaniments.RightsCatalogue,
        Accompaniments.OwnFile, Accompaniments.Documents, Partners.Shared,
        Collective.Read, Collective.Write, Collective.Programmes, Collective.Settings, Collective.Resident,
        Directory.Read, Directory.Write, Referrals.Read, Referrals.Write, Referrals.OverrideConsent, Referrals.Partner,
        Referrals.Statistics,
    ];
}

public static class RolePermissions
{
    private static readonly Dictionary<Role, HashSet<string>> Map = new()
    {
        [Role.Administrator] =
        [
            Permissions.Administration.Users, Permissions.Administration.Organisation,
            Permissions.Housing.Read, Permissions.Housing.Write, Permissions.Account.Self,
            Permissions.Accompaniments.RightsCatalogue, Permissions.Directory.Read, Permissions.Directory.Write,
        ],
        [Role.Manager] =
        [
            Permissions.Households.Read, Permissions.Households.Write, Permissions.Households.History,
            Permissions.Housing.Read, Permissions.Housing.Write, Permissions.Account.Self,
            Permissions.Ledger.Import, Permissions.Signals.Read, Permissions.Signals.Report, Permissions.Signals.Manage,
            Permissions.Signals.Settings, Permissions.Outreach.Campaigns, Permissions.Outreach.Rounds, Permissions.Outreach.Dashboard,
            Permissions.Accompaniments.Open, Permissions.Accompaniments.Read, Permissions.Accompaniments.Write,
            Permissions.Accompaniments.Statistics, Permissions.Accompaniments.RightsCatalogue, Permissions.Accompaniments.Documents,
            Permissions.Collective.Read, Permissions.Collective.Write, Permissions.Collective.Programmes, Permissions.Collective.Settings,
            Permissions.Directory.Read, Permissions.Directory.Write, Permissions.Referrals.Read, Permissions.Referrals.Write,
            Permissions.Referrals.OverrideConsent, Permissions.Referrals.Statistics,
        ],
        [Role.SocialWorker] =
        [
            Permissions.Households.Read, Permissions.Households.Write,
            Permissions.Housing.Read, Permissions.Account.Self,
            Permissions.Signals.Read, Permissions.Signals.Report, Permissions.Signals.Manage,
            Permissions.Outreach.Campaigns, Permissions.Outreach.Rounds, Permissions.Accompaniments.Open,
            Permissions.Accompaniments.Read, Permissions.Accompaniments.Write, Permissions.Accompaniments.Documents,
            Permissions.Collective.Read, Permissions.Collective.Write, Permissions.Collective.Programmes,
            Permissions.Directory.Read, Permissions.Directory.Write, Permissions.Referrals.Read, Permissions.Referrals.Write,
        ],
        [Role.FieldAgent] =
        [
            Permissions.Households.Read, Permissions.Housing.Read, Permissions.Account.Self,
            Permissions.Signals.Read, Permissions.Signals.Report, Permissions.Outreach.Rounds,
            Permissions.Collective.Read, Permissions.Collective.Write, Permissions.Directory.Read,
        ],
        [Role.Partner] = [Permissions.Account.Self, Permissions.Partners.Shared, Permissions.Accompaniments.Documents, Permissions.Referrals.Partner],
        [Role.Resident] = [Permissions.OwnHousehold.Read, Permissions.Account.Self, Permissions.Accompaniments.OwnFile, Permissions.Accompaniments.Documents,
            Permissions.Collective.Resident],
    };

    public static bool Has(Role role, string permission) => Map.TryGetValue(role, out var set) && set.Contains(permission);

    /// <summary>Roles that see debt amounts; field agents only when their organisation allows it (OutreachSettings).</summary>
    public static bool SeesDebtAmounts(Role role, bool organisationLetsFieldAgentsSeeDebts) =>
        role is Role.Manager or Role.SocialWorker || (role == Role.FieldAgent && organisationLetsFieldAgentsSeeDebts);

    /// <summary>Roles that read social data about households: the organisation can require them to use a second factor.</summary>
    /// <remarks>A Partenaire reads what persons agreed to share with their structure: social data too.</remarks>
    public static bool ReadsSocialData(Role role) => role is Role.Manager or Role.SocialWorker or Role.FieldAgent or Role.Partner;

    /// <summary>Staff roles whose household visibility is limited to their sectors (always for field agents;
    /// for managers and social workers only when sectors are assigned to them).</summary>
    public static bool AlwaysSectorScoped(Role role) => role == Role.FieldAgent;
}
