using System.Net;
using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Relais.Features.Collective.Sheets;

/// <summary>
/// Renders a sheet's Markdown as safe HTML: raw HTML is not interpreted (shown as text), links keep only http, https
/// and mailto addresses (a javascript:, data: or relative link becomes its plain text), images become their
/// description (no remote image, no data: URL).
/// </summary>
public static class SheetMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Build();

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (link.IsImage || !IsAllowed(link.Url))
            {
                var text = TextOf(link);
                link.ReplaceBy(new LiteralInline(link.IsImage ? $"[image : {text}]" : text), copyChildren: false);
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsAllowed(link.IsEmail ? "mailto:" + link.Url : link.Url))
            {
                link.ReplaceBy(new LiteralInline(link.Url), copyChildren: false);
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Only absolute http, https and mailto addresses.</summary>
    public static bool IsAllowed(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Any(char.IsControl))
        {
            return false;
        }

        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
               && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);
    }

    private static string TextOf(ContainerInline container)
    {
        var text = new StringBuilder();
        foreach (var inline in container.Descendants<LiteralInline>())
        {
            text.Append(inline.Content.ToString());
        }

        foreach (var code in container.Descendants<CodeInline>())
        {
            text.Append(code.Content);
        }

        return text.ToString();
    }

    /// <summary>The whole sheet as one Markdown document (the Markdown export).</summary>
    public static string Document(PracticeSheet sheet)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(sheet.Title.ReplaceLineEndings(" ")).AppendLine();
        md.Append("*Fiche d’expérience — ").Append(sheet.Theme).Append(", ").Append(sheet.Year).AppendLine("*").AppendLine();
        foreach (var (_, heading, text) in sheet.Sections())
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            md.Append("## ").AppendLine(heading).AppendLine().AppendLine(text.Trim()).AppendLine();
        }

        return md.ToString();
    }

    /// <summary>The whole sheet as a standalone HTML page (the HTML export), sanitised like the pages.</summary>
    public static string HtmlDocument(PracticeSheet sheet)
    {
        var html = new StringBuilder();
        var title = WebUtility.HtmlEncode(sheet.Title);
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"fr\"><head><meta charset=\"utf-8\">")
            .AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(title).AppendLine("</title></head><body><main>")
            .Append("<h1>").Append(title).AppendLine("</h1>")
            .Append("<p><em>Fiche d’expérience — ").Append(WebUtility.HtmlEncode(sheet.Theme)).Append(", ").Append(sheet.Year).AppendLine("</em></p>");
        foreach (var (_, heading, text) in sheet.Sections())
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            html.Append("<section><h2>").Append(WebUtility.HtmlEncode(heading)).AppendLine("</h2>").Append(ToHtml(text)).AppendLine("</section>");
        }

        html.AppendLine("</main></body></html>");
        return html.ToString();
    }
}
