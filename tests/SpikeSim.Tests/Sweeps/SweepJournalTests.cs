using SpikeSim.Modeling;
using SpikeSim.Sweeps;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Sweeps;

/// <summary>The journal keeps whole lines, drops a torn or damaged last line, and refuses damage elsewhere.</summary>
public class SweepJournalTests : CliTestBase
{
    private static readonly string[] Header = ["x", "repeat", "seed", "rate_hz.a"];
    private const string Head = "point,x,repeat,seed,rate_hz.a\n"; // no column twice: the repeat is the row's own

    private string Journal(string text)
    {
        string folder = Path.Combine(Dir, "j");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, SweepJournal.FileName), text);
        return folder;
    }

    [Theory]
    [InlineData("2,3 ms,0,9,1.5")]            // torn: no newline
    [InlineData("2,3 ms,0,9\n")]              // complete line with a field missing
    [InlineData("\0\0\0\0\0\0\n")]            // zeros left by a crash
    public void A_bad_last_line_is_dropped_and_cut_off(string last)
    {
        string folder = Journal(Head + "0,1 ms,0,7,2.5\n1,2 ms,0,8,3\n" + last);
        using (var journal = SweepJournal.Open(folder, Header))
        {
            Assert.Equal([(0L, 0), (1L, 0)], journal.Rows.Keys.Order());
            Assert.Equal("1 ms,0,7,2.5", journal.Rows[(0, 0)]);
            journal.Append(new SweepRow(2, 0, 9, ["3 ms"], [1.5]));
        }
        Assert.Equal(Head + "0,1 ms,0,7,2.5\n1,2 ms,0,8,3\n2,3 ms,0,9,1.5\n",
                     File.ReadAllText(Path.Combine(folder, SweepJournal.FileName)));
    }

    [Fact]
    public void Damage_before_the_last_line_is_an_error()
    {
        string folder = Journal(Head + "0,1 ms,0,7\n1,2 ms,0,8,3\n");
        var e = Assert.Throws<ModelException>(() => SweepJournal.Open(folder, Header));
        Assert.Contains("damaged line", e.Message);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void The_repeat_is_read_from_the_rows_own_column()
    {
        string folder = Journal(Head + "4,\"a,b\",2,7,2.5\n");
        using var journal = SweepJournal.Open(folder, Header);
        Assert.Equal([(4L, 2)], journal.Rows.Keys);
        Assert.Equal("\"a,b\",2,7,2.5", journal.Rows[(4, 2)]);
    }

    [Fact]
    public void A_journal_of_other_columns_is_refused()
    {
        string folder = Journal("point,y,repeat,seed,rate_hz.a\n");
        var e = Assert.Throws<ModelException>(() => SweepJournal.Open(folder, Header));
        Assert.Contains("other columns", e.Message);
    }
}
