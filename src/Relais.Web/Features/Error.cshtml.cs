using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Relais.Features;

public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Une erreur est survenue";
    public string Text { get; private set; } = "L'opération n'a pas abouti. Réessayez ; si le problème persiste, signalez-le à votre administrateur.";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        switch (code)
        {
            case 404:
                Title = "Page introuvable";
                Text = "Cette page n'existe pas, ou vous n'y avez pas accès.";
                break;
            case 403:
                Title = "Accès refusé";
                Text = "Votre rôle ne permet pas d'ouvrir cette page.";
                break;
            case 400:
                Title = "Requête invalide";
                Text = "Le formulaire a expiré ou n'est pas valide. Rechargez la page et recommencez.";
                break;
        }
    }
}
