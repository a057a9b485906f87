package dev.pushwire.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupsByIdentityTest {

    @Test
    void itemsGoToTheirKeysGroupInTheOrderTheyCameAndGroupsInTheOrderTheirKeysFirstCame() {
        Object loopA = new Object();
        Object loopB = new Object();
        GroupsByIdentity<Object, String> groups = new GroupsByIdentity<>();
        assertThat(groups.isEmpty()).isTrue();

        groups.add(loopB, "b1");
        groups.add(loopA, "a1");
        groups.add(loopA, "a2");
        groups.add(loopB, "b2");
        groups.add(loopA, "a3");

        assertThat(groups.isEmpty()).isFalse();
        assertThat(groups.size()).isEqualTo(2);
        assertThat(groups.key(0)).isSameAs(loopB);
        assertThat(groups.group(0)).containsExactly("b1", "b2");
        assertThat(groups.key(1)).isSameAs(loopA);
        assertThat(groups.group(1)).containsExactly("a1", "a2", "a3");
    }

    @Test
    void keysAreComparedByIdentityNotEquality() {
        String one = new String("loop");
        String other = new String("loop");
        GroupsByIdentity<String, Integer> groups = new GroupsByIdentity<>();

        groups.add(one, 1);
        groups.add(other, 2);
        groups.add(one, 3);

        assertThat(groups.size()).isEqualTo(2);
        assertThat(groups.group(0)).containsExactly(1, 3);
        assertThat(groups.group(1)).containsExactly(2);
    }
}
