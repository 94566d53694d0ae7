using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Arrears;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Outreach;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Accompaniments.PersonAccess;

/// <summary>
/// The person's data to take away (RGPD articles 15 and 20): a PDF to read and a JSON file to reuse, both built from
/// the same <see cref="PersonFile"/>s as « Mon accompagnement », so they hold exactly what the person may see. The JSON
/// structure is documented in docs/person-export.md; its field names are stable within a <see cref="FormatVersion"/>.
/// </summary>
public sealed class PersonExports(RelaisDbContext db, PersonFiles files, ConfidentialAccess access, TimeProvider clock)
{
    public const string Format = "relais.export-personne";
    public const int FormatVersion = 1;

    /// <summary>Audit read contexts of the downloads (the person's own, and the team's at the person's request).</summary>
    public const string PdfContext = "export PDF";
    public const string JsonContext = "export JSON";
    public const string TeamPdfContext = "export PDF (équipe, à la demande de la personne)";
    public const string TeamJsonContext = "export JSON (équipe, à la demande de la personne)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public sealed record Export(
        string Format,
        int FormatVersion,
        DateTimeOffset GeneratedAt,
        string Organisation,
        ExportPerson Person,
        IReadOnlyList<PersonFile> Accompaniments);

    public sealed record ExportPerson(Guid Id, string FirstName, string LastName);

    public sealed record Download(byte[] Content, string ContentType, string FileName);

    /// <summary>
    /// Everything <paramref name="personId"/> may see about themselves in the accompaniments given (all of theirs when
    /// null), with every read logged before it is returned. Null when the person has no accompaniment.
    /// </summary>
    public async Task<Export?> BuildAsync(Guid personId, Guid? onlyAccompaniment, bool team, bool pdf, CancellationToken ct)
    {
        var reader = PersonFiles.ReaderFor(personId);
        var ids = await files.IdsAsync(reader, ct);
        if (onlyAccompaniment is { } only)
        {
            ids = ids.Where(i => i == only).ToList();
        }

        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.Id, p.FirstName, p.LastName, p.HouseholdId, p.OrganisationId })
            .FirstOrDefaultAsync(ct);
        if (person is null || ids.Count == 0)
        {
            return null;
        }

        var context = (team, pdf) switch
        {
            (false, true) => PdfContext,
            (false, false) => JsonContext,
            (true, true) => TeamPdfContext,
            _ => TeamJsonContext,
        };
        foreach (var id in ids)
        {
            await access.LogReadAsync(nameof(Accompaniment), id, person.HouseholdId, context, ct);
        }

        var loaded = new List<PersonFile>();
        foreach (var id in ids)
        {
            loaded.Add((await files.LoadAsync(reader, id, ct))!);
        }

        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == person.OrganisationId).Select(o => o.Name).FirstAsync(ct);
        return new Export(Format, FormatVersion, clock.GetUtcNow(), organisation, new ExportPerson(person.Id, person.FirstName, person.LastName), loaded);
    }

    public static Download ToJson(Export export) => new(
        JsonSerializer.SerializeToUtf8Bytes(export, Json), "application/json; charset=utf-8", FileName(export, "json"));

    public Download ToPdf(Export export) => new(PersonPdf.Render(export, clock.LocalTimeZone), "application/pdf", FileName(export, "pdf"));

    private static string FileName(Export export, string extension)
    {
        var day = export.GeneratedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"mes-donnees-relais-{day}.{extension}";
    }

    public static JsonSerializerOptions JsonOptions => Json;
}

/// <summary>The PDF of <see cref="PersonExports"/>: the same content as the page, in plain French, for a person to read.</summary>
public static class PersonPdf
{
    public static byte[] Render(PersonExports.Export export, TimeZoneInfo zone)
    {
        string Day(DateOnly d) => OutreachFormat.Date(d);
        string Moment(DateTimeOffset at) => OutreachFormat.Moment(at, zone);
        var name = $"{export.Person.FirstName} {export.Person.LastName.ToUpperInvariant()}";
        var pdf = new SimplePdf($"Mes données d’accompagnement — {name}", $"Relais — {export.Organisation} — document établi le {Moment(export.GeneratedAt)}",
            export.GeneratedAt);
        pdf.Title("Mes données d’accompagnement");
        pdf.Paragraph($"{name}. Document établi le {Moment(export.GeneratedAt)} à partir de ce que {export.Organisation} partage avec vous dans Relais : "
            + "il contient les mêmes informations que votre espace « Mon accompagnement » et que le fichier JSON à télécharger au même endroit.", muted: true);
        pdf.Paragraph("Les notes de travail de l’équipe et les comptes rendus d’entretien ne sont pas partagés avec vous ; pour les demander, "
            + "adressez-vous à votre bailleur (droit d’accès, article 15 du RGPD).", muted: true);

        foreach (var f in export.Accompaniments)
        {
            pdf.Heading(f.IsOpen
                ? $"Accompagnement en cours depuis le {Day(f.Consent.GivenOn)}"
                : $"Accompagnement du {Day(f.Consent.GivenOn)}, clos le {(f.Closure?.ClosedOn is { } c ? Day(c) : "—")}");

            pdf.SubHeading("Le cadre");
            pdf.Field("Votre accord", $"donné le {Day(f.Consent.GivenOn)} ({f.Consent.Channel.Label().ToLowerInvariant()}), recueilli par {f.Consent.RecordedBy}");
            if (f.Consent.Scope is { } scope)
            {
                pdf.Field("Ce que vous avez accepté", scope);
            }

            pdf.Field("Référent·es", f.Referents.Count == 0 ? "aucun" : string.Join(", ", f.Referents));
            if (f.NextReviewOn is { } review)
            {
                pdf.Field("Prochain point prévu", Day(review));
            }

            foreach (var reopened in f.ReopenedOn)
            {
                pdf.Field("Rouvert", $"le {Day(reopened)}");
            }

            if (!string.IsNullOrWhiteSpace(f.OwnAccount))
            {
                pdf.SubHeading("Votre situation, avec vos mots");
                pdf.Paragraph(f.OwnAccount);
            }

            pdf.SubHeading("Vos forces et vos ressources");
            Items(pdf, f.Strengths.Select(s => $"{s.Kind.Label()} : {s.Text}"), "Rien de noté pour l’instant.");

            pdf.SubHeading("Vos droits");
            Items(pdf, f.Rights.Select(r => $"{r.Name} : {r.Status.Label().ToLowerInvariant()}"
                + (r.RequestedOn is { } rq ? $", demandé le {Day(rq)}" : "")
                + (r.OpenedOn is { } op ? $", ouvert le {Day(op)}" : "")
                + $" (vérifié le {Day(r.CheckedOn)})"), "Aucun droit examiné pour l’instant.");

            pdf.SubHeading("Vos objectifs et les actions");
            if (f.Goals.Count == 0)
            {
                pdf.Paragraph("Aucun objectif pour l’instant.", muted: true);
            }

            foreach (var g in f.Goals)
            {
                pdf.Bullet($"« {g.Wording} » — {g.Status.Label().ToLowerInvariant()}, choisi le {Day(g.SetOn)}"
                    + (g.StatusOn is { } so ? $", {g.Status.Label().ToLowerInvariant()} le {Day(so)}" : ""));
                foreach (var a in g.Actions)
                {
                    pdf.Bullet($"{a.Description} — qui : {a.Who} ; échéance : {(a.DueOn is { } due ? Day(due) : "aucune")} ; "
                        + $"{a.Status.Label().ToLowerInvariant()}{(a.DoneOn is { } done ? $" le {Day(done)}" : "")}", indent: 18);
                }

                foreach (var r in g.Reviews)
                {
                    pdf.Bullet($"Point d’étape le {Day(r.ReviewedOn)} : objectif {r.StatusAfter.Label().ToLowerInvariant()}", indent: 18);
                }
            }

            pdf.SubHeading("Vos entretiens");
            Items(pdf, f.Meetings.Select(m => $"{Day(m.HeldOn)} — {m.Medium.Label().ToLowerInvariant()} — avec {m.Participants}"), "Aucun entretien noté.");

            if (f.Arrears is { } arrears)
            {
                pdf.SubHeading("Le suivi de votre dette de loyer");
                foreach (var plan in arrears.Plans)
                {
                    pdf.Bullet($"Plan d’apurement du {Day(plan.AgreedOn)}, convenu avec {plan.AgreedWith.Label().ToLowerInvariant()}"
                        + (plan.AgreedWithDetail is { } detail ? $" ({detail})" : "")
                        + $" : {plan.Status.Label().ToLowerInvariant()} ; dette de {SignalText.Euros(plan.TotalDebt)}, reste à rembourser {SignalText.Euros(plan.Remaining)}"
                        + (plan.EndedOn is { } ended ? $" ; terminé le {Day(ended)}" : ""));
                    foreach (var i in plan.Instalments)
                    {
                        pdf.Bullet($"Échéance n° {i.Number} ({SignalText.Month(i.Month)}) : {SignalText.Euros(i.Amount)} avant le {Day(i.DueOn)} — {i.State.Label().ToLowerInvariant()}", indent: 18);
                    }
                }

                foreach (var r in arrears.FslRequests)
                {
                    pdf.Bullet($"Demande FSL ({r.Purpose.Label().ToLowerInvariant()}) déposée le {Day(r.FiledOn)} pour {SignalText.Euros(r.AmountRequested)} : "
                        + r.Decision.Label().ToLowerInvariant() + (r.DecisionOn is { } on ? $" le {Day(on)}" : "")
                        + (r.AmountGranted is { } granted ? $" ({SignalText.Euros(granted)} accordés)" : ""));
                }

                foreach (var o in arrears.OverIndebtednessFiles)
                {
                    pdf.Bullet($"Dossier de surendettement déposé le {Day(o.FiledOn)} : {o.Status.Label().ToLowerInvariant()}"
                        + (o.AdmissibilityOn is { } adm ? $" ; recevabilité le {Day(adm)}" : "")
                        + (o.OutcomeOn is { } outcome ? $" ; décision le {Day(outcome)}" : ""));
                }

                foreach (var e in arrears.EvictionSteps)
                {
                    pdf.Bullet($"Procédure d’expulsion, {Day(e.On)} : {e.Stage.Label()}" + (e.NextOn is { } next ? $" — {EvictionText.NextLabel(e.Stage)} : {Day(next)}" : ""));
                }
            }

            pdf.SubHeading("Notes partagées avec vous");
            if (f.Notes.Count == 0)
            {
                pdf.Paragraph("Aucune note partagée avec vous.", muted: true);
            }

            foreach (var n in f.Notes)
            {
                pdf.Field(n.Author, $"le {Moment(n.CreatedAt)}" + (n.SharedWith == ConfidentialityLevel.Partner ? $", partagée aussi avec {n.Partner}" : ""));
                pdf.Paragraph(n.Text, indent: 12);
            }

            pdf.SubHeading("Documents partagés avec vous");
            Items(pdf, f.Documents.Select(d => $"{d.Title} — ajouté par {d.AddedBy} le {Moment(d.AddedAt)}"
                + (d.SharedWith == ConfidentialityLevel.Partner ? $", partagé aussi avec {d.Partner}" : "")), "Aucun document partagé avec vous.");

            pdf.SubHeading("Vos consentements");
            Items(pdf, f.Consents.Select(c => (c.Kind == ConsentKind.ShareWithPartner ? $"Partage avec {c.Partner}" : "Informations de santé")
                + $" : accord donné le {Day(c.GivenOn)} ({c.Channel.Label().ToLowerInvariant()}), enregistré par {c.RecordedBy}"
                + (c.Scope is { } s ? $" ; objet : {s}" : "")
                + (c.WithdrawnAt is { } w ? $" ; retiré le {Moment(w)}" : " ; en cours")), "Aucun consentement de partage ni pour des informations de santé.");

            if (f.Health is { } health)
            {
                pdf.SubHeading("Vos informations de santé");
                var categories = EnumLabels.All<HealthCategories>().Where(x => x.Value != HealthCategories.None && health.Categories.HasFlag(x.Value)).Select(x => x.Label).ToList();
                if (categories.Count > 0)
                {
                    pdf.Paragraph(string.Join(", ", categories));
                }

                if (!string.IsNullOrWhiteSpace(health.Text))
                {
                    pdf.Paragraph(health.Text);
                }

                pdf.Paragraph($"Mises à jour le {Moment(health.UpdatedAt)} par {health.UpdatedBy}.", muted: true);
            }

            if (f.Closure is { } closure)
            {
                pdf.SubHeading("Clôture");
                pdf.Field("Issue", closure.Outcome?.Label() ?? "non précisée");
                pdf.Field("Dernier contact", closure.LastContactOn is { } lc ? Day(lc) : "non renseigné");
                if (closure.KeptUntil is { } kept)
                {
                    pdf.Field("Conservation", $"jusqu’au {Day(kept)} (deux ans après le dernier contact), puis le dossier est supprimé");
                }
            }

            pdf.SubHeading("Qui a consulté ou modifié votre dossier");
            Items(pdf, f.AccessLog.Select(e => $"{Moment(e.At)} — {PersonAccessText.Who(e)} {e.What}"), "Personne d’autre que vous n’a consulté votre dossier.");
        }

        return pdf.Build();
    }

    private static void Items(SimplePdf pdf, IEnumerable<string> items, string none)
    {
        var any = false;
        foreach (var item in items)
        {
            pdf.Bullet(item);
            any = true;
        }

        if (!any)
        {
            pdf.Paragraph(none, muted: true);
        }
    }
}

public static class PersonAccessText
{
    /// <summary>"Camille Martin (Conseiller·ère social·e)", "Jean Petit (Partenaire, CCAS de Villejuif)".</summary>
    public static string Who(PersonAccessLog.Entry e) => e.Role is null
        ? e.Who
        : $"{e.Who} ({e.Role}{(e.Structure is null ? "" : $", {e.Structure}")})";
}
