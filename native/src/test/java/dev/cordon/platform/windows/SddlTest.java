package dev.cordon.platform.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDDL Cordon writes on its own files, and the read-back that accepts only that DACL. */
class SddlTest {
    @Test
    void theDaclsCordonWritesAreSystemAndAdministratorsOnlyAndProtected() {
        assertThat(Sddl.SYSTEM_AND_ADMINISTRATORS_FILE).isEqualTo("D:P(A;;FA;;;SY)(A;;FA;;;BA)");
        assertThat(Sddl.SYSTEM_AND_ADMINISTRATORS_DIRECTORY).isEqualTo("D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
        assertThat(Sddl.dacl(Sddl.SYSTEM_AND_ADMINISTRATORS_FILE))
                .isEqualTo(new Sddl.Dacl(true, java.util.List.of("A;;FA;;;SY", "A;;FA;;;BA")));
    }

    @ParameterizedTest(name = "{0} is the file DACL: {1}")
    @CsvSource(delimiter = '|', value = {
            "D:P(A;;FA;;;SY)(A;;FA;;;BA)|true",
            "O:BAD:PAI(A;;FA;;;SY)(A;;FA;;;BA)|true",
            "O:SYG:SYD:P(A;;FA;;;BA)(A;;FA;;;SY)|true",
            "O:BAD:P(a;;fa;;;sy)(A;;FA;;;BA)S:AI|true",
            "O:BAD:(A;;FA;;;SY)(A;;FA;;;BA)|false",
            "O:BAD:AI(A;;FA;;;SY)(A;;FA;;;BA)|false",
            "O:BAD:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;BU)|false",
            "O:BAD:P(A;;FA;;;SY)|false",
            "O:BAD:P(A;ID;FA;;;SY)(A;;FA;;;BA)|false",
            "O:BAD:P(A;;FA;;;SY)(A;;FA;;;SY)(A;;FA;;;BA)|false",
            "O:BAD:P(A;;FA;;;SY)(A;;FA;;;WD)|false",
            "O:BA|false",
    })
    void readBack(String actual, boolean same) {
        assertThat(Sddl.sameDacl(actual, Sddl.SYSTEM_AND_ADMINISTRATORS_FILE)).isEqualTo(same);
    }

    @Test
    void aDaclThatEndsInTheMiddleOfAnEntryIsRefused() {
        assertThatThrownBy(() -> Sddl.dacl("D:P(A;;FA;;;SY")).isInstanceOf(IllegalArgumentException.class);
    }
}
