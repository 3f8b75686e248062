using SpikeSim.Plotting.Export;

namespace SpikeSim.Tests.Notebooks;

/// <summary>The Markdown page of a notebook: comments become text, code fenced blocks, outputs follow their code.</summary>
public class NotebookPageTests
{
    private static readonly string[] Source =
    [
        "#:project ../src/SpikeSim/SpikeSim.csproj",   // 1
        "// # Title",                                  // 2
        "//",                                          // 3
        "// Intro.",                                   // 4
        "var page = new NotebookPage(args);",          // 5
        "    // an indented comment is code",          // 6
        "page.Text(\"first\");",                       // 7
        "",                                            // 8
        "// ## Part two",                              // 9
        "for (int i = 0; i < 2; i++)",                 // 10
        "    page.Text(\"loop\");",                    // 11
        "page.Save();",                                // 12
    ];

    [Fact]
    public void WeavesCommentsCodeAndOutputsInSourceOrder()
    {
        // Outputs are keyed by the line of their call; two from the loop share line 11 and keep their order.
        var items = new List<(int Line, int Order, string Markdown)> { (11, 2, "loop-b"), (7, 0, "first-out"), (11, 1, "loop-a") };
        string page = NotebookPage.Weave(Source, items);
        string expected = string.Join("\n\n",
            "# Title\n\nIntro.",
            "```csharp\nvar page = new NotebookPage(args);\n    // an indented comment is code\npage.Text(\"first\");\n```",
            "first-out",
            "## Part two",
            "```csharp\nfor (int i = 0; i < 2; i++)\n    page.Text(\"loop\");\npage.Save();\n```",
            "loop-a",
            "loop-b") + "\n";
        Assert.Equal(expected, page);
    }

    [Fact]
    public void NumbersKeepTheirSignificantDigits()
    {
        Assert.Equal("149.3", NotebookPage.N(149.30007));
        Assert.Equal("0.001235", NotebookPage.N(0.0012345678));
        Assert.Equal("4.700036292", NotebookPage.N(4.7000362924, 10));
        Assert.Equal("1.235E+07", NotebookPage.N(12345678));
        Assert.Equal("0", NotebookPage.N(0));
    }
}
