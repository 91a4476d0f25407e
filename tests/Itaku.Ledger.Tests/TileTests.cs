using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>Tile paths and tile arithmetic per C2SP tlog-tiles.</summary>
public class TileTests
{
    [Theory]
    [InlineData(0, 0, 256, "tile/0/000")]
    [InlineData(0, 999, 256, "tile/0/999")]
    [InlineData(0, 1000, 256, "tile/0/x001/000")]
    [InlineData(0, 1234067, 256, "tile/0/x001/x234/067")]
    [InlineData(1, 1234067, 12, "tile/1/x001/x234/067.p/12")]
    [InlineData(2, 5, 1, "tile/2/005.p/1")]
    [InlineData(63, 1_000_000_000, 255, "tile/63/x001/x000/x000/000.p/255")]
    public void Path_EncodesAndParsesBack(int level, long index, int width, string path)
    {
        var tile = new TileId(level, index, width);
        tile.Path.ShouldBe(path);
        TileId.TryParse(path, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(tile);
    }

    [Fact]
    public void EntriesPath_UsesTheSameIndexEncoding() =>
        new TileId(0, 1234067, 7).EntriesPath.ShouldBe("tile/entries/x001/x234/067.p/7");

    [Theory]
    [InlineData("tile/00/000")]
    [InlineData("tile/64/000")]
    [InlineData("tile/0/00")]
    [InlineData("tile/0/0000")]
    [InlineData("tile/0/001/000")]
    [InlineData("tile/0/x000/001")]
    [InlineData("tile/0/x1/000")]
    [InlineData("tile/0/000.p/0")]
    [InlineData("tile/0/000.p/256")]
    [InlineData("tile/0/000.p/012")]
    [InlineData("tile/0/abc")]
    [InlineData("tiles/0/000")]
    [InlineData("tile/0")]
    public void TryParse_RejectsNonCanonicalPaths(string path) => TileId.TryParse(path, out _).ShouldBeFalse();

    [Fact]
    public void TilesForSize_70000_MatchesTheSpecExample()
    {
        // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0 tile of
        // width 112, one full level 1 tile, one partial level 1 tile of width 17, and one partial level 2 tile of width 1."
        var tiles = TileMath.TilesForSize(70_000).ToList();
        tiles.Count(t => t.Level == 0 && t.Width == 256).ShouldBe(273);
        tiles.ShouldContain(new TileId(0, 273, 112));
        tiles.ShouldContain(new TileId(1, 0, 256));
        tiles.ShouldContain(new TileId(1, 1, 17));
        tiles.ShouldContain(new TileId(2, 0, 1));
        tiles.Count.ShouldBe(277);
    }

    [Fact]
    public void TilesForSize_256_IsOneFullTileAndAWidthOneTileAbove() =>
        TileMath.TilesForSize(256).ShouldBe([new TileId(0, 0, 256), new TileId(1, 0, 1)]);

    [Fact]
    public void ChangedTiles_ListsThePartialTileAndEveryNewOne()
    {
        TileMath.ChangedTiles(10, 10).ShouldBeEmpty();
        TileMath.ChangedTiles(10, 20).ShouldBe([new TileId(0, 0, 20)]);
        TileMath.ChangedTiles(250, 600).ShouldBe([new TileId(0, 0, 256), new TileId(0, 1, 256), new TileId(0, 2, 88), new TileId(1, 0, 2)]);
        TileMath.ChangedTiles(256, 257).ShouldBe([new TileId(0, 1, 1)]);
    }

    [Fact]
    public async Task StoredTiles_AfterManyAppends_MatchTilesForSizeAndAFreshBuild()
    {
        using var grown = await TestLog.CreateAsync(70_000, batch: 997, publish: false);
        var fresh = new InMemoryLedgerStore();
        await new LedgerAppender(fresh).AppendAsync(grown.Entries.Select(e => (ReadOnlyMemory<byte>)e).ToList(), Ct);
        foreach (var tile in TileMath.TilesForSize(70_000))
        {
            var a = await grown.Store.ReadTileAsync(tile.Level, tile.Index, Ct);
            var b = await fresh.ReadTileAsync(tile.Level, tile.Index, Ct);
            a.ShouldNotBeNull().Length.ShouldBe(tile.Width * 32, tile.Path);
            a.ShouldBe(b, tile.Path);
        }

        (await grown.Store.ReadTileAsync(3, 0, Ct)).ShouldBeNull();
    }

    [Fact]
    public void Locate_FindsTheTileRunThatHashesToANode()
    {
        TileMath.Locate(new NodeId(0, 300)).ShouldBe((new TileId(0, 1, 45), 44, 1));
        TileMath.Locate(new NodeId(3, 40)).ShouldBe((new TileId(0, 1, 72), 64, 8));
        TileMath.Locate(new NodeId(8, 2)).ShouldBe((new TileId(1, 0, 3), 2, 1));
        TileMath.Locate(new NodeId(17, 1)).ShouldBe((new TileId(2, 0, 4), 2, 2));
    }

    [Fact]
    public void Decompose_GivesTheCompactRange()
    {
        NodeId.Decompose(0, 0).ShouldBeEmpty();
        NodeId.Decompose(0, 7).ShouldBe([new NodeId(2, 0), new NodeId(1, 2), new NodeId(0, 6)]);
        NodeId.Decompose(3, 11).ShouldBe([new NodeId(0, 3), new NodeId(2, 1), new NodeId(1, 4), new NodeId(0, 10)]);
        NodeId.Decompose(5, 6).ShouldBe([new NodeId(0, 5)]);
    }
}
