using Itaku.Web.Infrastructure.Cli;

return await ItakuCommandLine.RunAsync(args);

/// <summary>Entry point; <c>serve</c> (the default verb) builds the app in <see cref="Itaku.Web.ItakuApp"/>.</summary>
public partial class Program;
