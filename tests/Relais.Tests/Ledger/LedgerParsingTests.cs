using System.Text;
using Relais.Features.Ledger;
using static Relais.Tests.Ledger.LedgerTestFiles;

namespace Relais.Tests.Ledger;

/// <summary>How real French exports are read, and every bad input refused with its line, column, value and reason.</summary>
public sealed class LedgerParsingTests
{
    [Fact]
    public void Reads_a_typical_export_with_bom_decimal_comma_thousands_spaces_and_every_month_format()
    {
        var content = Lines(
            "LOC-1;LGT-1;01/03/2025;1 240,50;1\u00A0000,00;200,50;40,00",
            "LOC-1;LGT-1;04/2025;1\u202F240,50;1240,50;0;40,00",
            "LOC-2 ;  LGT-2  ;2025-03;480,00 €; ;;480,00",
            "\"LOC;3\";\"Bât. \"\"A\"\"\";2025-03-01;-0,00;0,00;0,00;-12,34");
        var (analysis, lines) = Read(content, encoding: Utf8Bom);

        Assert.True(analysis.Accepted, Errors(analysis));
        Assert.Equal(4, analysis.LinesRead);
        Assert.Equal(',', analysis.Format.DecimalSeparator);
        Assert.Equal(';', analysis.Format.Delimiter);
        Assert.Equal(
            [
                new LedgerFileLine("LOC-1", "LGT-1", new DateOnly(2025, 3, 1), 1240.50m, 1000m, 200.50m, 40m),
                new LedgerFileLine("LOC-1", "LGT-1", new DateOnly(2025, 4, 1), 1240.50m, 1240.50m, 0m, 40m),
                new LedgerFileLine("LOC-2", "LGT-2", new DateOnly(2025, 3, 1), 480m, 0m, 0m, 480m),
                new LedgerFileLine("LOC;3", "Bât. \"A\"", new DateOnly(2025, 3, 1), 0m, 0m, 0m, -12.34m),
            ],
            lines);
        Assert.Equal(new DateOnly(2025, 3, 1), analysis.FirstMonth);
        Assert.Equal(new DateOnly(2025, 4, 1), analysis.LastMonth);
    }

    [Fact]
    public void Reads_a_comma_separated_export_with_decimal_points_quoted_values_and_lf_endings()
    {
        var content = "Ref locataire,Logement,Période,Loyer et charges,Réglé,Aide au logement,Solde\n"
            + "A1,L1,2025-01,512.30,500,0,12.30\n"
            + "\"B, 2\",\"L\n2\",01/2025,\"1 000.00\",1000.00,0.00,0.00\n";
        var (analysis, lines) = Read(content);

        Assert.True(analysis.Accepted, Errors(analysis));
        Assert.Equal(',', analysis.Format.Delimiter);
        Assert.Equal('.', analysis.Format.DecimalSeparator);
        Assert.Equal(new LedgerFileLine("B, 2", "L\n2", new DateOnly(2025, 1, 1), 1000m, 1000m, 0m, 0m), lines[1]);
    }

    [Fact]
    public void A_windows_1252_file_is_detected_and_chloe_is_read_as_chloe()
    {
        var content = Lines("LOC-1;Résidence Chloé;01/2025;400,00;400,00;0,00;0,00");
        var (analysis, lines) = Read(content, encoding: Windows1252);

        Assert.True(analysis.Accepted, Errors(analysis));
        Assert.Equal("windows-1252", analysis.Format.EncodingName);
        Assert.Equal("Résidence Chloé", lines[0].DwellingReference);
        Assert.Contains(analysis.Report.Notes, n => n.Contains("Windows-1252", StringComparison.Ordinal));
    }

    [Fact]
    public void Forcing_utf8_on_a_windows_1252_file_is_refused_rather_than_read_as_mojibake()
    {
        var content = "Locataire;Logement;Mois;Loyer et charges;Regle;APL;Solde\r\nLOC-1;LGT-1;01/2025;400,00;400,00;0,00;0,00\r\nLOC-2;Chez Chloé;01/2025;400,00;400,00;0,00;0,00\r\n";
        var (analysis, lines) = Read(content, new LedgerImportOptions { Encoding = LedgerEncodingChoice.Utf8 }, Windows1252);

        Assert.False(analysis.Accepted);
        Assert.Empty(lines);
        var error = Assert.Single(analysis.Report.Errors);
        Assert.Contains("n'est pas en UTF-8", error.Reason, StringComparison.Ordinal);
        Assert.Contains("ligne 3", error.Reason, StringComparison.Ordinal);
        Assert.Contains("Windows-1252", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("ChloÃ©", Errors(analysis), StringComparison.Ordinal);
    }

    [Fact]
    public void Forcing_windows_1252_on_a_utf8_file_is_refused_with_or_without_bom()
    {
        var content = Lines("LOC-1;Chez Chloé;01/2025;400,00;400,00;0,00;0,00");
        foreach (var encoding in new[] { Utf8Bom, Utf8NoBom })
        {
            var (analysis, _) = Read(content, new LedgerImportOptions { Encoding = LedgerEncodingChoice.Windows1252 }, encoding);
            Assert.False(analysis.Accepted);
            Assert.Contains("« ChloÃ© »", Assert.Single(analysis.Report.Errors).Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_utf8_file_with_an_invalid_byte_after_its_bom_is_refused_in_automatic_mode()
    {
        var bytes = Utf8Bom.GetPreamble().Concat(Encoding.UTF8.GetBytes(Lines("LOC-1;L;01/2025;1,00;1,00;0;0"))).Concat(Windows1252.GetBytes("LOC-2;é;01/2025;1,00;1,00;0;0\r\n")).ToArray();
        var path = WriteBytes(bytes);
        var (analysis, _) = LedgerImporter.ReadFile(path, new LedgerImportOptions(), Now);

        Assert.False(analysis.Accepted);
        Assert.Contains("ligne 3", analysis.Report.Errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_delimiter_chosen_by_the_user_is_refused_naming_the_columns_it_read()
    {
        var (analysis, _) = Read(Lines("LOC-1;LGT-1;01/2025;400,00;400,00;0,00;0,00"), new LedgerImportOptions { Delimiter = ',' });

        Assert.False(analysis.Accepted);
        Assert.Contains(analysis.Report.Errors, e => e.Reason.Contains("Colonne « Référence locataire » introuvable", StringComparison.Ordinal)
            && e.Reason.Contains("une seule colonne lue", StringComparison.Ordinal) && e.Reason.Contains("séparateur", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_column_is_refused()
    {
        var content = "Référence locataire;Mois;Quittancé;Payé\r\nLOC-1;01/2025;400,00;400,00\r\n";
        var (analysis, _) = Read(content);

        Assert.False(analysis.Accepted);
        Assert.Contains(analysis.Report.Errors, e => e.Reason.StartsWith("Colonne « Solde » introuvable", StringComparison.Ordinal));
    }

    [Fact]
    public void Twelve_comma_five_comma_zero_is_refused_as_an_amount()
    {
        var (analysis, _) = Read(Lines("LOC-1;LGT-1;01/2025;12,5,0;0,00;0,00;12,50"));

        Assert.False(analysis.Accepted);
        var error = Assert.Single(analysis.Report.Errors);
        Assert.Equal((2L, "Quittancé", "12,5,0"), (error.Line, error.Column, error.Value));
        Assert.Contains("plusieurs séparateurs décimaux", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decimal_commas_in_a_comma_separated_file_make_the_delimiter_ambiguous_and_the_user_is_asked_to_choose()
    {
        var content = "Locataire,Logement,Mois,Quittancé,Payé,APL,Solde\r\nLOC-1,LGT-1,01/2025,12,5,0,0,0,0,0\r\n";
        var (detected, _) = Read(content);
        Assert.False(detected.Accepted);
        Assert.Contains(detected.Report.Errors, e => e.Reason.Contains("la ligne 2 a 10 colonnes au lieu de 7", StringComparison.Ordinal)
            && e.Reason.Contains("Choisissez le séparateur", StringComparison.Ordinal));

        var (forced, _) = Read(content, new LedgerImportOptions { Delimiter = ',' });
        Assert.False(forced.Accepted);
        var error = Assert.Single(forced.Report.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("10 colonnes au lieu de 7", error.Reason, StringComparison.Ordinal);
        Assert.Contains("virgule non entourée de guillemets", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Amounts_mixing_comma_and_point_are_refused_and_the_decimal_separator_is_asked_for()
    {
        var (analysis, _) = Read(Lines("LOC-1;L;01/2025;10,50;10.50;0;0", "LOC-2;L;01/2025;1.240,50;0;0;0"));

        Assert.False(analysis.Accepted);
        Assert.Contains(analysis.Report.Errors, e => e.Reason.Contains("choisissez le séparateur décimal", StringComparison.Ordinal));

        var (chosen, _) = Read(Lines("LOC-1;L;01/2025;10,50;10.50;0;0"), new LedgerImportOptions { DecimalSeparator = ',' });
        var error = Assert.Single(chosen.Report.Errors);
        Assert.Equal(("Payé", "10.50"), (error.Column, error.Value));
    }

    [Theory]
    [InlineData("31/02/2025", "n'existe pas")]
    [InlineData("2025-13", "mois 13 impossible")]
    [InlineData("13/2025", "mois 13 impossible")]
    [InlineData("mars 2025", "n'est pas un mois lisible")]
    [InlineData("2025/03", "n'est pas un mois lisible")]
    [InlineData("01/03/25", "n'est pas un mois lisible")]
    [InlineData("", "mois manquant")]
    [InlineData("01/1900", "hors de la période")]
    [InlineData("01/2099", "futur")]
    public void Bad_dates_are_refused(string month, string reason)
    {
        var (analysis, _) = Read(Lines($"LOC-1;LGT-1;{month};400,00;400,00;0,00;0,00"));

        var error = Assert.Single(analysis.Report.Errors);
        Assert.Equal((2L, "Mois", month), (error.Line, error.Column, error.Value));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_household_and_month_twice_is_a_duplicate()
    {
        var (analysis, _) = Read(Lines(
            "LOC-1;LGT-1;01/03/2025;400,00;400,00;0,00;0,00",
            "LOC-2;LGT-2;03/2025;400,00;400,00;0,00;0,00",
            "LOC-1;LGT-1;2025-03;400,00;400,00;0,00;0,00"));

        var error = Assert.Single(analysis.Report.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("ligne en double", error.Reason, StringComparison.Ordinal);
        Assert.Contains("03/2025", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { (byte)'\r', (byte)'\n', (byte)' ', (byte)'\n' })]
    public void An_empty_file_is_refused(byte[] bytes)
    {
        var (analysis, _) = LedgerImporter.ReadFile(WriteBytes(bytes), new LedgerImportOptions(), Now);

        Assert.Equal("Le fichier est vide.", Assert.Single(analysis.Report.Errors).Reason);
    }

    [Fact]
    public void A_header_without_lines_is_refused()
    {
        var (analysis, _) = Read(Header + "\r\n");

        Assert.Contains("aucune ligne à importer", Assert.Single(analysis.Report.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_megabyte_line_is_refused_without_being_held_and_the_next_line_is_still_read()
    {
        var huge = "LOC-X;" + new string('x', 1024 * 1024) + ";01/2025;1,00;1,00;0;0";
        var (analysis, _) = Read(Lines("LOC-1;LGT-1;01/2025;400,00;400,00;0,00;0,00", huge, "LOC-2;LGT-2;01/2025;1,00;1,00;0;0", "LOC-3;LGT-3;2025-13;1,00;1,00;0;0"));

        Assert.Equal(2, analysis.Report.ErrorCount);
        Assert.Equal(3, analysis.Report.Errors[0].Line);
        Assert.Contains("ligne trop longue", analysis.Report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.True(analysis.Report.Errors[0].Value.Length <= 81);
        Assert.Equal(5, analysis.Report.Errors[1].Line); // resynchronised on the next line
        Assert.Equal(4, analysis.LinesRead);
    }

    [Fact]
    public void A_one_megabyte_quoted_value_that_never_closes_is_refused_and_reading_resumes()
    {
        var content = Lines("LOC-1;\"" + new string('y', 1024 * 1024), "LOC-2;LGT-2;01/2025;1,00;1,00;0;0", "LOC-3;LGT-3;01/2025;1,00;1,00;0;zz");

        var (analysis, _) = Read(content);

        Assert.Contains("ligne trop longue", analysis.Report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains(analysis.Report.Errors, e => e.Line == 4 && e.Value == "zz");
    }

    [Fact]
    public void A_truncated_last_line_is_refused()
    {
        var (fewer, _) = Read(Header + "\r\nLOC-1;LGT-1;01/2025;400,00;400,00;0,00;0,00\r\nLOC-2;LGT-2;01/20");
        var error = Assert.Single(fewer.Report.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("3 colonnes au lieu de 7 : ligne tronquée ?", error.Reason, StringComparison.Ordinal);

        var (quote, _) = Read(Header + "\r\nLOC-1;LGT-1;01/2025;400,00;400,00;0,00;0,00\r\n\"LOC-2;LGT-2;01/2025;400,00");
        Assert.Contains("guillemet ouvert jamais refermé", Assert.Single(quote.Report.Errors).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-400,00;400,00;0,00;0,00", "Quittancé", "montant négatif")]
    [InlineData("400,00;-1,00;0,00;0,00", "Payé", "montant négatif")]
    [InlineData("400,00;400,00;-50,00;0,00", "APL", "montant négatif")]
    [InlineData("75 000,00;400,00;0,00;0,00", "Quittancé", "invraisemblable")]
    [InlineData("400,00;400,00;0,00;2 000 000,00", "Solde", "invraisemblable")]
    [InlineData("400,005;400,00;0,00;0,00", "Quittancé", "plus de deux décimales")]
    [InlineData("4OO,00;400,00;0,00;0,00", "Quittancé", "n'est pas un montant")]
    [InlineData("1 24 0,00;400,00;0,00;0,00", "Quittancé", "n'est pas un montant")]
    [InlineData(";400,00;0,00;0,00", "Quittancé", "montant manquant")]
    [InlineData("400,00;400,00;0,00;", "Solde", "montant manquant")]
    public void Negative_absurd_or_unreadable_amounts_are_refused(string amounts, string column, string reason)
    {
        var (analysis, _) = Read(Lines($"LOC-1;LGT-1;01/2025;{amounts}"));

        var error = Assert.Single(analysis.Report.Errors);
        Assert.Equal(column, error.Column);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_balance_is_a_credit_and_an_inconsistent_balance_is_only_a_warning()
    {
        var (analysis, lines) = Read(Lines(
            "LOC-1;LGT-1;01/2025;400,00;500,00;0,00;-100,00",
            "LOC-1;LGT-1;02/2025;400,00;300,00;0,00;0,00",
            "LOC-1;LGT-1;03/2025;400,00;300,00;0,00;50,00"));

        Assert.True(analysis.Accepted, Errors(analysis));
        Assert.Equal(-100m, lines[0].Balance);
        var warning = Assert.Single(analysis.Report.Warnings);
        Assert.Equal((4L, "Solde"), (warning.Line, warning.Column));
        Assert.Contains("100,00", warning.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_keeps_the_first_hundred_errors_and_counts_them_all()
    {
        var lines = Enumerable.Range(1, 250).Select(i => $"LOC-{i};LGT;01/2025;abc;0;0;0").ToArray();
        var (analysis, _) = Read(Lines(lines));

        Assert.Equal(250, analysis.Report.ErrorCount);
        Assert.Equal(100, analysis.Report.Errors.Count);
        Assert.Equal(101, analysis.Report.Errors[^1].Line);
    }

    [Fact]
    public void Headers_are_matched_whatever_their_case_accents_and_spacing_and_a_saved_mapping_wins()
    {
        var headers = new[] { " REFERENCE LOCATAIRE ", "logement", "periode", "montant a payer", "encaisse", "apl", "solde fin de mois" };
        var defaults = LedgerFields.Resolve(headers, saved: null, chosen: null);
        Assert.Contains(defaults.Problems, p => p.Contains("« Quittancé »", StringComparison.Ordinal));

        var saved = new Dictionary<LedgerField, string> { [LedgerField.Billed] = "Montant à payer" };
        var mapped = LedgerFields.Resolve(headers, saved, chosen: null);
        Assert.True(mapped.IsComplete, string.Join("\n", mapped.Problems));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], LedgerFields.All.Select(mapped.IndexOf));
    }

    [Fact]
    public void Values_of_a_trailing_delimiter_and_blank_lines_are_tolerated()
    {
        var (analysis, lines) = Read(Header + ";\r\n\r\nLOC-1;LGT-1;01/2025;1,00;1,00;0;0;\r\n;;;;;;\r\n   \r\n");

        Assert.True(analysis.Accepted, Errors(analysis));
        Assert.Single(lines);
    }
}
