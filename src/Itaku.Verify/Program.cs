using System.CommandLine;
using Itaku.Verify;

// itaku-verify BUNDLE [--key VKEY-or-file]
// Exit codes: 0 verified, 1 the bundle does not verify, 2 the command could not run (usage, unreadable file or key).
var bundle = new Argument<FileInfo>("bundle") { Description = "Export bundle (.jsonl, or .jsonl.gz) to verify." };
var key = new Option<string?>("--key")
{
    Description = "The log's published verifier key (name+keyid+base64), or a file containing it. "
        + "Without it, the key inside the bundle is used, which proves integrity but not who signed.",
};
var root = new RootCommand("Verifies an Itaku evidence-ledger export bundle offline.") { bundle, key };
root.SetAction(result => VerifyCommand.Run(result.GetRequiredValue(bundle), result.GetValue(key), Console.Out, Console.Error));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    return VerifyCommand.ExitUsage;
}

return parsed.Invoke();
