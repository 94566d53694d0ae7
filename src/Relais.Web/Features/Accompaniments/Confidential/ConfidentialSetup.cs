using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Relais.Features.Accompaniments.Confidential;

public static class ConfidentialSetup
{
    public static IServiceCollection AddRelaisConfidential(this IServiceCollection services)
    {
        services.AddSingleton<DocumentStore>();
        services.AddScoped<ConfidentialAccess>();
        return services;
    }
}

/// <summary>
/// Sets the request and multipart limits of a document upload to <c>Documents:MaxUploadMegabytes</c> plus room for the
/// form around the file, and answers a request far above it with a French message on the page rather than a bare 413
/// (the file itself is checked against the exact limit by the page). Runs before the antiforgery check reads the form.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DocumentUploadLimitAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    private const long Envelope = 1024 * 1024;

    public int Order => -3000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType)
        {
            return;
        }

        var max = http.RequestServices.GetRequiredService<DocumentStore>().MaxBytes + Envelope;
        if (http.Request.ContentLength > max)
        {
            context.Result = new RedirectResult($"{http.Request.PathBase}{http.Request.Path}?erreur=taille#document");
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
