package io.paygrid.wallet.network;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "networks")
public class Network extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    public String kind;
    @Column(name = "chain_id")
    public Long chainId;
    @Column(name = "native_currency")
    public String nativeCurrency;
    @Column(name = "required_confirmations")
    public int requiredConfirmations;
    public boolean testnet;
    public boolean enabled;
}
