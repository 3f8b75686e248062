using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpikeSim.Tests.Reports;

/// <summary>What a page looked like in the browser once loaded.</summary>
/// <param name="Images">Every &lt;img&gt;: whether it finished loading and its decoded size in pixels (0 × 0 when it could not be decoded).</param>
/// <param name="Problems">Console errors and warnings, uncaught exceptions, failed loads and network requests, in order.</param>
/// <param name="Requests">URLs the page asked for beyond itself (images as data: URIs are not requests).</param>
/// <param name="Title">The document's title.</param>
internal sealed record PageLoad(IReadOnlyList<(bool Complete, int Width, int Height)> Images, IReadOnlyList<string> Problems,
                                IReadOnlyList<string> Requests, string Title);

/// <summary>
/// Debian's <c>chromium</c>, run headless and driven through the DevTools protocol: opens a file, waits for its load
/// event, collects console messages, exceptions and requests, and reads every image's decoded size.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>The browser executable, or null when none is installed.</summary>
    public static string? Find()
    {
        foreach (string name in (string[])["chromium", "chromium-browser", "google-chrome"])
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path)) return path;
            }
        return null;
    }

    /// <summary>Why the browser tests are skipped, or null when a browser is there.</summary>
    public static string? SkipReason => Find() is null
        ? "chromium is not installed and could not be installed (.ci/run installs it with apt-get install chromium when it can): the HTML report's browser test cannot run"
        : null;

    /// <summary>Loads <paramref name="file"/> and reports what the browser saw.</summary>
    public static async Task<PageLoad> LoadAsync(string file, TimeSpan timeout)
    {
        string browser = Find() ?? throw new InvalidOperationException(SkipReason);
        string profile = Path.Combine(Path.GetTempPath(), "spikesim-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                                        "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank"])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + browser);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            int port = await DevToolsPort(profile, cts.Token);
            using var http = new HttpClient();
            string list = await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", cts.Token);
            string ws = JsonNode.Parse(list)!.AsArray().First(t => (string?)t!["type"] == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(ws), cts.Token);
            var session = new Session(socket);
            await session.Call("Runtime.enable", null, cts.Token);
            await session.Call("Log.enable", null, cts.Token);
            await session.Call("Network.enable", null, cts.Token);
            await session.Call("Page.enable", null, cts.Token);
            string url = new Uri(Path.GetFullPath(file)).AbsoluteUri;
            await session.Call("Page.navigate", new JsonObject { ["url"] = url }, cts.Token);
            await session.WaitFor("Page.loadEventFired", cts.Token);
            var result = await session.Call("Runtime.evaluate", new JsonObject
            {
                ["expression"] = "JSON.stringify({title: document.title, images: Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])})",
                ["returnByValue"] = true,
            }, cts.Token);
            var page = JsonNode.Parse(result!["result"]!["value"]!.GetValue<string>())!;
            var images = page["images"]!.AsArray().Select(i => (i![0]!.GetValue<bool>(), i[1]!.GetValue<int>(), i[2]!.GetValue<int>())).ToList();
            var requests = session.Requests.Where(r => r != url && !r.StartsWith("data:", StringComparison.Ordinal)).ToList();
            return new PageLoad(images, session.Problems, requests, page["title"]!.GetValue<string>());
        }
        finally
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync(CancellationToken.None);
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The port Chromium chose: the first line of DevToolsActivePort in its profile folder.</summary>
    private static async Task<int> DevToolsPort(string profile, CancellationToken cancel)
    {
        string file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            if (File.Exists(file))
            {
                string[] lines = await File.ReadAllLinesAsync(file, cancel);
                if (lines.Length >= 1 && int.TryParse(lines[0], out int port) && port > 0) return port;
            }
            await Task.Delay(50, cancel);
        }
    }

    /// <summary>One DevTools connection: numbered calls, and the events that tell about the page.</summary>
    private sealed class Session(ClientWebSocket socket)
    {
        private int _next;
        private readonly List<string> _events = [];
        public List<string> Problems { get; } = [];
        public List<string> Requests { get; } = [];

        public async Task<JsonNode?> Call(string method, JsonObject? parameters, CancellationToken cancel)
        {
            int id = ++_next;
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancel);
            while (true)
            {
                var reply = await Receive(cancel);
                if (reply["id"] is JsonNode n && n.GetValue<int>() == id)
                {
                    if (reply["error"] is JsonNode error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
                    return reply["result"];
                }
            }
        }

        public async Task WaitFor(string eventName, CancellationToken cancel)
        {
            while (!_events.Contains(eventName)) await Receive(cancel);
        }

        private async Task<JsonNode> Receive(CancellationToken cancel)
        {
            var buffer = new byte[1 << 16];
            using var text = new MemoryStream();
            WebSocketReceiveResult part;
            do
            {
                part = await socket.ReceiveAsync(buffer, cancel);
                text.Write(buffer, 0, part.Count);
            } while (!part.EndOfMessage);
            var node = JsonNode.Parse(text.ToArray())!;
            if (node["method"]?.GetValue<string>() is string method)
            {
                _events.Add(method);
                var p = node["params"];
                switch (method)
                {
                    case "Runtime.consoleAPICalled" when (string?)p!["type"] is "error" or "warning" or "assert":
                        Problems.Add($"console.{p!["type"]}: {p["args"]?.ToJsonString()}");
                        break;
                    case "Runtime.exceptionThrown":
                        Problems.Add("exception: " + p!["exceptionDetails"]?.ToJsonString());
                        break;
                    case "Log.entryAdded" when (string?)p!["entry"]!["level"] is "error" or "warning":
                        Problems.Add($"log {p!["entry"]!["level"]}: {p["entry"]!["text"]} {p["entry"]!["url"]}");
                        break;
                    case "Network.requestWillBeSent":
                        Requests.Add(p!["request"]!["url"]!.GetValue<string>());
                        break;
                    case "Network.loadingFailed":
                        Problems.Add("failed load: " + p!.ToJsonString());
                        break;
                }
            }
            return node;
        }
    }
}

/// <summary>A fact that needs headless Chromium: skipped, saying why, only when no browser is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.SkipReason is string reason) Skip = reason;
    }
}
