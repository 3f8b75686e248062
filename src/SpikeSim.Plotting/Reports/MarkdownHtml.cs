using System.Text;
using System.Text.RegularExpressions;

namespace SpikeSim.Plotting.Reports;

/// <summary>
/// Turns the Markdown that SpikeSim writes (an experiment's <c>summary.md</c>, a notebook page) into HTML: headings,
/// paragraphs, bullet lists, pipe tables, fenced code, inline code, bold, italics, links, and images. An image whose
/// target is a file is handed to a resolver (the report embeds it as a data URI), so the page needs no file beside it.
/// Not a general Markdown parser: what it does not know it shows as text.
/// </summary>
public static partial class MarkdownHtml
{
    /// <summary>Converts <paramref name="markdown"/>; <paramref name="imageSource"/> maps an image target to its <c>src</c> (or null to drop it).</summary>
    public static string Convert(string markdown, Func<string, string?> imageSource)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(imageSource);
        string[] lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var html = new StringBuilder();
        var paragraph = new List<string>();
        void FlushParagraph()
        {
            if (paragraph.Count == 0) return;
            html.Append("<p>").Append(Inline(string.Join(' ', paragraph), imageSource)).Append("</p>\n");
            paragraph.Clear();
        }
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph();
                html.Append("<pre><code>");
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++)
                    html.Append(Html.Escape(lines[i])).Append('\n');
                html.Append("</code></pre>\n");
            }
            else if (trimmed.Length == 0) FlushParagraph();
            else if (HeadingRegex().Match(trimmed) is { Success: true } h)
            {
                FlushParagraph();
                int level = Math.Min(6, h.Groups[1].Length + 1); // the page's own title is h1
                html.Append($"<h{level}>").Append(Inline(h.Groups[2].Value, imageSource)).Append($"</h{level}>\n");
            }
            else if (trimmed.StartsWith('|'))
            {
                FlushParagraph();
                var rows = new List<string>();
                for (; i < lines.Length && lines[i].Trim().StartsWith('|'); i++) rows.Add(lines[i].Trim());
                i--;
                html.Append(Table(rows, imageSource));
            }
            else if (trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed.StartsWith("* ", StringComparison.Ordinal))
            {
                FlushParagraph();
                html.Append("<ul>\n");
                for (; i < lines.Length && (lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal) || lines[i].TrimStart().StartsWith("* ", StringComparison.Ordinal)); i++)
                    html.Append("<li>").Append(Inline(lines[i].TrimStart()[2..], imageSource)).Append("</li>\n");
                i--;
                html.Append("</ul>\n");
            }
            else paragraph.Add(trimmed);
        }
        FlushParagraph();
        return html.ToString();
    }

    private static string Table(List<string> rows, Func<string, string?> imageSource)
    {
        var html = new StringBuilder("<table>\n");
        bool header = rows.Count > 1 && SeparatorRegex().IsMatch(rows[1]);
        for (int r = 0; r < rows.Count; r++)
        {
            if (header && r == 1) continue;
            string tag = header && r == 0 ? "th" : "td";
            html.Append("<tr>");
            foreach (string cell in Cells(rows[r])) html.Append($"<{tag}>").Append(Inline(cell, imageSource)).Append($"</{tag}>");
            html.Append("</tr>\n");
        }
        return html.Append("</table>\n").ToString();
    }

    private static IEnumerable<string> Cells(string row)
    {
        string inner = row.Trim();
        if (inner.StartsWith('|')) inner = inner[1..];
        if (inner.EndsWith('|')) inner = inner[..^1];
        return inner.Split('|').Select(c => c.Trim());
    }

    /// <summary>Inline markup of one line: code spans first (their text is literal), then images, links, bold, italics.</summary>
    private static string Inline(string text, Func<string, string?> imageSource)
    {
        var html = new StringBuilder();
        string[] parts = text.Split('`');
        for (int k = 0; k < parts.Length; k++)
        {
            if (k % 2 == 1 && k < parts.Length - 1) { html.Append("<code>").Append(Html.Escape(parts[k])).Append("</code>"); continue; }
            string s = Html.Escape(k % 2 == 1 ? "`" + parts[k] : parts[k]);
            s = ImageRegex().Replace(s, m =>
            {
                string? src = imageSource(System.Net.WebUtility.HtmlDecode(m.Groups[2].Value));
                return src is null ? m.Groups[1].Value : $"<img src=\"{Html.Escape(src)}\" alt=\"{m.Groups[1].Value}\">";
            });
            s = LinkRegex().Replace(s, "<a href=\"$2\">$1</a>");
            s = BoldRegex().Replace(s, "<strong>$1</strong>");
            s = ItalicRegex().Replace(s, "<em>$1</em>");
            html.Append(s);
        }
        return html.ToString();
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")] private static partial Regex HeadingRegex();
    [GeneratedRegex(@"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")] private static partial Regex SeparatorRegex();
    [GeneratedRegex(@"!\[([^\]]*)\]\(([^)\s]+)\)")] private static partial Regex ImageRegex();
    [GeneratedRegex(@"(?<!!)\[([^\]]+)\]\(((?:https?://|#)[^)\s]+)\)")] private static partial Regex LinkRegex();
    [GeneratedRegex(@"\*\*([^*]+)\*\*")] private static partial Regex BoldRegex();
    [GeneratedRegex(@"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])")] private static partial Regex ItalicRegex();
}
