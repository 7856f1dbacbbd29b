package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuaLibraryTest {
    private static final String LIBRARY = """
            -- a constant
            local SEP = '|'

            local function used(x)
              return x .. SEP
            end

            -- only named in comments: unused(x)
            local function unused(x)
              return x
            end

            local function dashes()
              return '--', "a -- b"
            end
            """;

    @Test
    void aScriptCarriesTheDefinitionsItsCodeUsesDirectlyOrThroughAnother() {
        var shaken = LuaLibrary.shake(LIBRARY, "return used('a')\n");

        assertThat(shaken).contains("local SEP = '|'", "local function used(x)").doesNotContain("dashes")
                .endsWith("return used('a')\n");
    }

    @Test
    void theTextAboveTheLibraryMarkRunsBeforeTheDefinitionsAndUsesNone() {
        var script = "-- header\nif ARGV[1] == 'x' then return dashes() end\n-- (library)\nreturn used('a')\n";

        var shaken = LuaLibrary.shake(LIBRARY, script);

        assertThat(shaken).startsWith("-- header\nif ARGV[1] == 'x' then return dashes() end\n-- (library)\n")
                .contains("local function used(x)").doesNotContain("local function dashes")
                .endsWith("end\nreturn used('a')\n");
        assertThat(shaken.indexOf("-- (library)")).isLessThan(shaken.indexOf("local SEP"));
    }

    @Test
    void aNameInACommentIsNotAUse() {
        var shaken = LuaLibrary.shake(LIBRARY, "-- see unused(x) and dashes()\nreturn used('a')\n");

        assertThat(shaken).doesNotContain("local function unused").doesNotContain("local function dashes");
    }

    @Test
    void aGroupMadeOnFirstUseIsOneBlockUsedByItsName() {
        var library = LIBRARY + """

                local function lazy(define)
                  return define
                end

                local rare = lazy(function(M)
                local function one()
                  return used('x')
                end
                M.one = one
                end)

                local function after()
                  return 1
                end
                """;

        var shaken = LuaLibrary.shake(library, "return rare.one()\n");

        assertThat(shaken).contains("local function lazy", "local rare = lazy(function(M)\nlocal function one()",
                "M.one = one\nend)\n", "local function used(x)").doesNotContain("after");
        assertThat(LuaLibrary.shake(library, "return after()\n")).doesNotContain("rare", "lazy");
    }

    @Test
    void dashesInsideAStringAreCodeNotAComment() {
        assertThat(LuaLibrary.code("return '--', \"a -- b\" -- note\n")).isEqualTo("return '--', \"a -- b\" \n");
        assertThat(LuaLibrary.code("local s = 'it\\'s' -- x used(y)\n")).isEqualTo("local s = 'it\\'s' \n");
    }
}
