using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Relais.Features.Partners.DataInclusion;

/// <summary>
/// Raises the request and multipart limits of the import's upload to two files of <see cref="DataInclusionUploads.MaxBytes"/>
/// (the server's default is 30 MB), and turns a larger upload into a French message on the form instead of a bare 413.
/// Runs before the antiforgery check, which reads the form.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DataInclusionUploadLimitAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public const long Max = 2 * DataInclusionUploads.MaxBytes + 1024 * 1024;

    public int Order => -3000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType)
        {
            return;
        }

        if (http.Request.ContentLength > Max)
        {
            context.Result = new RedirectResult("/Partners/DataInclusion/Import?erreur=taille");
            return;
        }

        var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (size is { IsReadOnly: false })
        {
            size.MaxRequestBodySize = Max;
        }

        if (http.Features.Get<IFormFeature>()?.Form is null)
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = Max }));
        }
    }
}
