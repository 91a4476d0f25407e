using System.Text;
using System.Text.Json.Nodes;
using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>Exports bundles to temporary files and edits their lines to simulate tampering.</summary>
internal sealed class BundleFile : IDisposable
{
    private BundleFile(string path) => Path = path;

    public string Path { get; }

    public static async Task<BundleFile> ExportAsync(TestLog log, long start, long end)
    {
        var file = new BundleFile(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"itaku-bundle-{Guid.NewGuid():N}.jsonl"));
        await using var output = File.Create(file.Path);
        await BundleWriter.ExportAsync(log.Store, log.Signer.Verifier, start, end, output, Ct);
        return file;
    }

    public string[] Lines() => File.ReadAllLines(Path);

    public void WriteLines(IEnumerable<string> lines) => File.WriteAllText(Path, string.Join('\n', lines) + "\n");

    /// <summary>Applies <paramref name="edit"/> to the JSON object on line <paramref name="line"/> (0 = header).</summary>
    public void EditLine(int line, Action<JsonObject> edit)
    {
        var lines = Lines();
        var json = JsonNode.Parse(lines[line])!.AsObject();
        edit(json);
        lines[line] = json.ToJsonString();
        WriteLines(lines);
    }

    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public void Dispose() => File.Delete(Path);
}
