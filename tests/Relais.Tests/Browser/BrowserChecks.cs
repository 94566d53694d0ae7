using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Relais.Tests.Browser;

/// <summary>
/// The checks every browser test of a page makes: WCAG 2.1 AA by axe-core, no Content Security Policy violation, and
/// no sideways scrolling on a phone. <c>var csp = BrowserChecks.WatchCsp(page);</c> before navigating, then
/// <c>await BrowserChecks.AssertAccessibleAsync(page, csp);</c> once the page is in the state to check.
/// </summary>
public static class BrowserChecks
{
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>Collects the page's CSP violations (reported by Chromium on the console).</summary>
    public static List<string> WatchCsp(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(message.Text);
            }
        };
        return errors;
    }

    /// <summary>axe-core finds no WCAG 2.0/2.1 A or AA violation, and the page raised no CSP violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page, List<string> cspErrors)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var report = new StringBuilder();
        foreach (var violation in result.Violations)
        {
            report.AppendLine($"- [{violation.Impact}] {violation.Id}: {violation.Help}");
            foreach (var node in violation.Nodes)
            {
                report.AppendLine($"    at {node.Target}: {node.Html}");
            }
        }

        Assert.True(result.Violations.Length == 0, $"axe-core on {page.Url}:\n{report}");
        Assert.True(cspErrors.Count == 0, "Content Security Policy violations:\n" + string.Join("\n", cspErrors));
    }

    /// <summary>The page does not scroll sideways (run it in a <see cref="Phone"/> viewport).</summary>
    public static async Task AssertFitsAsync(IPage page)
    {
        var size = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
        var wide = size[0] <= size[1] ? "" : await page.EvaluateAsync<string>("() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > document.scrollingElement.clientWidth).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8).join(' | ')");
        Assert.True(size[0] <= size[1], $"{page.Url} scrolls sideways at {size[1]} px: {size[0]} > {size[1]}: {wide}");
    }
}
