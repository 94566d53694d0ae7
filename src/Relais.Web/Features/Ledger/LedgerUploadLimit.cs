using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Relais.Features.Ledger;

/// <summary>
/// Raises the request and multipart limits of the upload to <c>Ledger:MaxUploadMegabytes</c> (200 MB by default), and
/// turns a larger upload into a French message on the form instead of a bare 413. Runs before the antiforgery check,
/// which reads the form (and would otherwise fail on the framework's default limits).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LedgerUploadLimitAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    /// <summary>Room for the multipart envelope and the other fields around the file.</summary>
    private const long Envelope = 1024 * 1024;

    public int Order => -3000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType)
        {
            return;
        }

        var max = http.RequestServices.GetRequiredService<LedgerUploads>().MaxBytes + Envelope;
        if (http.Request.ContentLength > max)
        {
            context.Result = new RedirectResult("/Ledger?erreur=taille");
            return;
        }

        var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (size is { IsReadOnly: false })
        {
            size.MaxRequestBodySize = max;
        }

        if (http.Features.Get<IFormFeature>()?.Form is null)
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = max }));
        }
    }
}
