namespace SpikeSim.Tests;

/// <summary>A test class's own temporary folder (<see cref="Dir"/>), created before each test and deleted after it.</summary>
public abstract class TempFolderTest : IDisposable
{
    /// <summary>The folder: empty when a test starts.</summary>
    protected string Dir { get; } = Path.Combine(Path.GetTempPath(), "spikesim-test-" + Guid.NewGuid().ToString("N"));

    protected TempFolderTest() => Directory.CreateDirectory(Dir);

    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes <paramref name="text"/> (with '\n' line ends) to <paramref name="name"/> under <see cref="Dir"/>, creating folders; returns its path.</summary>
    protected string Write(string name, string text)
    {
        string path = Path.Combine(Dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }
}
