using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Features.Referrals;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.Directory;

public abstract class ServiceFormModel(RelaisDbContext db, CommuneDirectory communes) : PageModel
{
    [BindProperty] public ServiceInput Input { get; set; } = new();

    public PartnerOrganisation Partner { get; protected set; } = null!;
    protected RelaisDbContext Db => db;

    protected bool Validate(out List<string> zone)
    {
        ModelState.Clear();
        foreach (var (field, message) in Input.Validate(communes, out zone))
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        return ModelState.IsValid;
    }
}

/// <summary>Adds a service to a structure.</summary>
public sealed class NewServiceModel(RelaisDbContext db, CommuneDirectory communes) : ServiceFormModel(db, communes)
{
    public async Task<IActionResult> OnGetAsync(Guid partnerId, CancellationToken ct)
    {
        if (await Db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct) is not { } partner)
        {
            return NotFound();
        }

        Partner = partner;
        Input = new ServiceInput { ReceptionModes = ["en-presentiel"], MobilisableBy = ["professionnels"] };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid partnerId, CancellationToken ct)
    {
        if (await Db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct) is not { } partner)
        {
            return NotFound();
        }

        Partner = partner;
        if (!Validate(out var zone))
        {
            return Page();
        }

        var service = new PartnerService { Name = Input.Name!.Trim(), Description = Input.Description!.Trim(), PartnerOrganisationId = partnerId };
        Input.ApplyTo(service, zone);
        Db.PartnerServices.Add(service);
        await Db.SaveChangesAsync(ct);
        TempData["Message"] = $"Le service « {service.Name} » est ajouté.";
        return Redirect($"/Partners/{partnerId}#services");
    }
}

/// <summary>Edits a service (optimistic concurrency on its Version).</summary>
public sealed class EditServiceModel(RelaisDbContext db, CommuneDirectory communes) : ServiceFormModel(db, communes)
{
    public Guid Id { get; private set; }
    public PartnerService? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var service = await LoadAsync(id, tracked: false, ct);
        if (service is null)
        {
            return NotFound();
        }

        Input = ServiceInput.From(service);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var service = await LoadAsync(id, tracked: true, ct);
        if (service is null)
        {
            return NotFound();
        }

        if (!Validate(out var zone))
        {
            return Page();
        }

        Db.Entry(service).Property(s => s.Version).OriginalValue = Input.Version;
        Input.ApplyTo(service, zone);
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            Conflict = await LoadAsync(id, tracked: false, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            Input.Version = Conflict.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = $"Le service « {service.Name} » est enregistré.";
        return Redirect($"/Partners/{service.PartnerOrganisationId}#services");
    }

    /// <summary>Deletes a service that no referral names; one that was used is deactivated instead, to keep the history readable.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var service = await LoadAsync(id, tracked: true, ct);
        if (service is null)
        {
            return NotFound();
        }

        if (await Db.Referrals.AnyAsync(r => r.PartnerServiceId == id, ct))
        {
            ModelState.Clear();
            Input = ServiceInput.From(service);
            ModelState.AddModelError("Delete", "Des orientations ont été faites vers ce service : il ne peut pas être supprimé. Décochez « Service actif » pour le retirer de l’annuaire et de la vue du territoire.");
            return Page();
        }

        Db.PartnerServices.Remove(service);
        await Db.SaveChangesAsync(ct);
        TempData["Message"] = $"Le service « {service.Name} » est supprimé.";
        return Redirect($"/Partners/{service.PartnerOrganisationId}#services");
    }

    private async Task<PartnerService?> LoadAsync(Guid id, bool tracked, CancellationToken ct)
    {
        Id = id;
        var query = tracked ? Db.PartnerServices : Db.PartnerServices.AsNoTracking();
        var service = await query.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (service is null || await Db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == service.PartnerOrganisationId, ct) is not { } partner)
        {
            return null;
        }

        Partner = partner;
        return service;
    }
}
